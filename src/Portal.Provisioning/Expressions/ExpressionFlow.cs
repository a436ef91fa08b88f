namespace Portal.Provisioning.Expressions;

/// <summary>Whether the target attribute (or object) takes part in the flow at all.</summary>
public enum ExpressionFlow
{
    /// <summary>The value flows; a <see cref="ExpressionValueKind.None"/> value means "null" (clear, or default-if-null on create).</summary>
    Normal,

    /// <summary><c>IgnoreFlowIfNullOrEmpty</c> or <c>IgnoreAttributeFlow</c>: leave the target attribute untouched.</summary>
    IgnoreAttribute,

    /// <summary><c>IgnoreObjectFlow</c>: do not create or update the object at all.</summary>
    IgnoreObject,
}
