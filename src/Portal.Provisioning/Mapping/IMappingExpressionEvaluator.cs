using System.Text.Json.Nodes;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// The seam between attribute mappings and the expression language: evaluates one Expression mapping's text against a
/// source object's attributes (which include the computed <c>IsSoftDeleted</c>, <c>objectId</c> and
/// <c>appRoleAssignments</c> = the role values), with the object's assigned app roles for the role functions. Throws <see cref="MappingException"/> for an expression it cannot
/// evaluate; the object then fails alone.
/// </summary>
public interface IMappingExpressionEvaluator
{
    MappedValue Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles);

    /// <summary>
    /// The source attributes an expression reads, so that the directory is asked for them; none for an expression that
    /// does not parse (each object then fails with the reason when it is mapped).
    /// </summary>
    IReadOnlyCollection<string> AttributesOf(string expression);

    /// <summary>
    /// True when the expression's values are added to the target attribute's, never replacing them: Entra's
    /// AppRoleAssignmentsComplex (its Assertive variant replaces).
    /// </summary>
    bool AddsOnly(string expression);

    /// <summary>
    /// True when the expression is a SelectUniqueValue: its value is chosen when the object is created, from the rules
    /// whose value the target does not hold yet.
    /// </summary>
    bool SelectsUniqueValue(string expression);

    /// <summary>A SelectUniqueValue's rules' values for one object, in order, rules without a value left out.</summary>
    IReadOnlyList<string> UniqueValueCandidates(string expression, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles);
}

/// <summary>
/// A mapping's result: <see cref="Flows"/> false is Entra's "no value" (default on create, clear when opted in);
/// <see cref="Ignored"/> leaves the target attribute untouched whatever the mapping says (IgnoreFlowIfNullOrEmpty).
/// </summary>
public readonly record struct MappedValue(bool Flows, JsonNode? Value, bool Ignored = false)
{
    public static MappedValue None => new(false, null);

    public static MappedValue Ignore => new(false, null, true);

    public static MappedValue Of(JsonNode? value) => new(value is not null, value);
}
