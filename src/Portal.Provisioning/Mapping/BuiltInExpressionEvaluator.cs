using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// The expressions the default templates use (<c>[attr]</c>, <c>"literal"</c>, <c>Not([attr])</c>,
/// <c>SingleAppRoleAssignment([appRoleAssignments])</c>), so a job on the default mappings runs without the full
/// expression language; anything else is refused as a per-object mapping error naming the expression.
/// </summary>
public sealed partial class BuiltInExpressionEvaluator : IMappingExpressionEvaluator
{
    public MappedValue Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes)
    {
        var text = expression.Trim();
        if (AttributeReference().Match(text) is { Success: true } reference)
        {
            return AttributeValues.ToMapped(attributes.GetValueOrDefault(reference.Groups[1].Value));
        }

        if (Literal().Match(text) is { Success: true } literal)
        {
            return MappedValue.Of(JsonValue.Create(literal.Groups[1].Value));
        }

        if (Call().Match(text) is { Success: true } call)
        {
            var argument = Evaluate(call.Groups[2].Value, attributes);
            switch (call.Groups[1].Value.ToUpperInvariant())
            {
                case "NOT":
                    return argument.Flows && bool.TryParse(argument.Value!.ToString(), out var b)
                        ? MappedValue.Of(JsonValue.Create(!b))
                        : MappedValue.None;
                case "SINGLEAPPROLEASSIGNMENT":
                    return argument.Value is JsonArray { Count: > 0 } roles ? MappedValue.Of(roles[0]!.DeepClone()) : argument;
            }
        }

        throw new MappingException($"Expression '{expression}' needs the full expression language, which is not available here.");
    }

    [GeneratedRegex(@"^\[([^\]]+)\]$")]
    private static partial Regex AttributeReference();

    [GeneratedRegex("^\"((?:[^\"\\\\]|\\\\.)*)\"$")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^(\w+)\((.*)\)$")]
    private static partial Regex Call();
}
