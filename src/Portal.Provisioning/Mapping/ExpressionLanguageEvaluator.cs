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
            value = compiled.Evaluate(Input(attributes, roles));
        }
        catch (ExpressionException e)
        {
            throw Failed(expression, e);
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

    public IReadOnlyCollection<string> AttributesOf(string expression) => Compiled(expression)?.Attributes ?? [];

    public bool AddsOnly(string expression) => Compiled(expression)?.TopLevelFunction == RoleFunction;

    public bool SelectsUniqueValue(string expression) => Compiled(expression)?.SelectsUniqueValue == true;

    public IReadOnlyList<string> UniqueValueCandidates(string expression, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles)
    {
        try
        {
            return compiler.Compile(expression).UniqueValueCandidates(Input(attributes, roles)) ?? [];
        }
        catch (ExpressionException e)
        {
            throw Failed(expression, e);
        }
    }

    // An expression that does not parse has no such property; each object fails with the reason when it is mapped.
    private CompiledExpression? Compiled(string expression)
    {
        try
        {
            return compiler.Compile(expression);
        }
        catch (ExpressionException)
        {
            return null;
        }
    }

    private static ExpressionInput Input(IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles) =>
        new(attributes, [.. roles.Select(AssignedAppRole.From)]);

    private static MappingException Failed(string expression, ExpressionException e) =>
        new($"Expression '{expression}' failed at position {e.Position}: {e.Message}", e);

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
