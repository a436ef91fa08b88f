using System.Text.Json;
using Portal.Provisioning.Expressions.Syntax;
using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>Functions that read the tenant or the object's app-role assignments rather than an attribute.</summary>
internal static class DirectoryFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("DefaultDomain", "", 0, 0, DefaultDomain),
        Define("SingleAppRoleAssignment", "[appRoleAssignments]", 1, 1, SingleAppRoleAssignment) with { Check = CheckRoleArgument },
        Define("AppRoleAssignmentsComplex", "[appRoleAssignments]", 1, 1, RoleObjects) with { Check = CheckRoleArgument },
        Define("AssertiveAppRoleAssignmentsComplex", "[appRoleAssignments]", 1, 1, RoleObjects) with { Check = CheckRoleArgument },
    ];

    private static Value DefaultDomain(Call call) =>
        string.IsNullOrEmpty(call.Evaluation.Input.DefaultDomain)
            ? throw call.Error("the tenant has no default verified domain")
            : new Value(call.Evaluation.Input.DefaultDomain);

    // Entra gives no guarantee which role wins with several assignments; we take the first as the source listed it.
    private static Value SingleAppRoleAssignment(Call call)
    {
        var roles = call.Evaluation.Input.Roles;
        return roles.Count == 0 ? Value.Null : new Value(roles[0].Value ?? roles[0].DisplayName);
    }

    // One JSON object per role, {"id","value","displayName"}: the shape Entra PATCHes into "roles"; the SCIM
    // connector turns it into role objects (primary=false) and decides add vs replace by the function name.
    private static Value RoleObjects(Call call)
    {
        var roles = call.Evaluation.Input.Roles;
        call.Evaluation.Step(call.Node.Position, roles.Count);
        return Value.Of(roles.Select(r => JsonSerializer.Serialize(new RoleJson(r.Id, r.Value, r.DisplayName), RoleJsonContext.Default.RoleJson)).ToList());
    }

    private static void CheckRoleArgument(CallNode call, ParseSite site)
    {
        if (call.Arguments[0] is not AttributeNode { Name: var name } || !string.Equals(name, AttributeNode.AppRoleAssignments, StringComparison.OrdinalIgnoreCase))
        {
            throw new ExpressionException(
                $"{call.Function.Name} takes the attribute [appRoleAssignments]: write {call.Function.Name}([appRoleAssignments])",
                call.Arguments[0]?.Position ?? call.Position);
        }
    }
}
