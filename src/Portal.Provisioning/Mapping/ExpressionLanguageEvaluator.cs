using System.Text.Json.Nodes;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// Expression mappings through the Entra-compatible expression language: compiled once per text (the compiler
/// caches), evaluated per object. IgnoreFlowIfNullOrEmpty and IgnoreObjectFlow leave the target attribute untouched.
/// </summary>
public sealed class ExpressionLanguageEvaluator(ExpressionCompiler compiler) : IMappingExpressionEvaluator
{
    public MappedValue Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles)
    {
        ExpressionValue value;
        try
        {
            value = compiler.Compile(expression).Evaluate(new ExpressionInput(attributes, [.. roles.Select(AssignedAppRole.From)]));
        }
        catch (ExpressionException e)
        {
            throw new MappingException($"Expression '{expression}' failed at position {e.Position}: {e.Message}", e);
        }

        if (value.Flow != ExpressionFlow.Normal)
        {
            return MappedValue.Ignore;
        }

        return value.Kind switch
        {
            ExpressionValueKind.Single => MappedValue.Of(JsonValue.Create(value.Text)),
            ExpressionValueKind.Multi => MappedValue.Of(new JsonArray([.. value.Values.Select(v => (JsonNode?)JsonValue.Create(v))])),
            _ => MappedValue.None,
        };
    }

    public IReadOnlyCollection<string> AttributesOf(string expression)
    {
        try
        {
            return compiler.Compile(expression).Attributes;
        }
        catch (ExpressionException)
        {
            return [];
        }
    }
}
