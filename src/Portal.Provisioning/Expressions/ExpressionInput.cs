namespace Portal.Provisioning.Expressions;

/// <summary>
/// The object an expression is evaluated against.
/// </summary>
/// <param name="Attributes">
/// Source attributes, case-insensitive keys (the same shape as <c>SourceObject.Attributes</c>): values are
/// <see cref="string"/>, <see cref="bool"/>, <see cref="IReadOnlyList{T}"/> of string, or null. Other values are
/// converted with the invariant culture. A missing key and a null value both mean "no value". Lookups use the
/// dictionary's own comparer, so pass one built with <see cref="StringComparer.OrdinalIgnoreCase"/>.
/// </param>
/// <param name="AppRoleAssignments">The object's app-role assignments, for the role functions and <c>[appRoleAssignments]</c>.</param>
/// <param name="DefaultDomain">The tenant's default verified domain, for <c>DefaultDomain()</c>.</param>
/// <param name="IsValueTaken">
/// For <c>SelectUniqueValue</c>: true when the candidate value already exists in the target. Without it every
/// candidate counts as free, so the first rule with a value wins.
/// </param>
public sealed record ExpressionInput(
    IReadOnlyDictionary<string, object?> Attributes,
    IReadOnlyList<AssignedAppRole>? AppRoleAssignments = null,
    string? DefaultDomain = null,
    Func<string, bool>? IsValueTaken = null)
{
    /// <summary>No attributes, no roles: for expressions made of constants.</summary>
    public static ExpressionInput Empty { get; } = new(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The app-role assignments, empty when none were given.</summary>
    public IReadOnlyList<AssignedAppRole> Roles => AppRoleAssignments ?? [];
}
