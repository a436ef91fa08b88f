namespace Portal.Provisioning.Expressions;

/// <summary>What an expression produced for one object.</summary>
public enum ExpressionValueKind
{
    /// <summary>No value: the source was null/absent, or flow was suppressed (see <see cref="ExpressionValue.Flow"/>).</summary>
    None,

    /// <summary>One string.</summary>
    Single,

    /// <summary>An ordered list of strings with at least one element.</summary>
    Multi,
}
