using System.Text.Json.Nodes;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// The seam between attribute mappings and the expression language: evaluates one Expression mapping's text against a
/// source object's attributes (which include the computed <c>IsSoftDeleted</c>, <c>objectId</c> and
/// <c>appRoleAssignments</c> = the role values). Throws <see cref="MappingException"/> for an expression it cannot
/// evaluate; the object then fails alone.
/// </summary>
public interface IMappingExpressionEvaluator
{
    MappedValue Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes);
}

/// <summary>A mapping's result: <see cref="Flows"/> false is Entra's "no value" (the attribute does not flow).</summary>
public readonly record struct MappedValue(bool Flows, JsonNode? Value)
{
    public static MappedValue None => new(false, null);

    public static MappedValue Of(JsonNode? value) => new(value is not null, value);
}
