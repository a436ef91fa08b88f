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
    private const string RoleFunction = "AppRoleAssignmentsComplex";
    private const string AssertiveRoleFunction = "AssertiveAppRoleAssignmentsComplex";

    public MappedValue Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles)
    {
        ExpressionValue value;
        CompiledExpression compiled;
        try
        {
            compiled = compiler.Compile(expression);
            value = compiled.Evaluate(new ExpressionInput(attributes, [.. roles.Select(AssignedAppRole.From)]));
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
            ExpressionValueKind.Multi when compiled.TopLevelFunction is RoleFunction or AssertiveRoleFunction =>
                MappedValue.Of(new JsonArray([.. value.Values.Select(RoleObject)])),
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

    public bool AddsOnly(string expression)
    {
        try
        {
            return compiler.Compile(expression).TopLevelFunction == RoleFunction;
        }
        catch (ExpressionException)
        {
            return false;
        }
    }

    /// <summary>
    /// A role function's value ({"id","value","displayName"} as text) as RFC 7643's role object, in POST and PATCH alike:
    /// Entra PATCHes these as JSON strings, which strict targets refuse (reference §6 #4).
    /// </summary>
    private static JsonNode? RoleObject(string role)
    {
        var parsed = JsonNode.Parse(role)!;
        return new JsonObject
        {
            ["value"] = parsed["value"]?.GetValue<string>() ?? parsed["displayName"]?.GetValue<string>(),
            ["display"] = parsed["displayName"]?.GetValue<string>(),
            ["type"] = "WindowsAzureActiveDirectoryRole",
            ["primary"] = false,
        };
    }
}
