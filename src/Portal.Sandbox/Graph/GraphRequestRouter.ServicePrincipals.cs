using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Portal.Sandbox.Graph;

internal sealed partial class GraphRequestRouter
{
    private GraphResult ServicePrincipalsFiltered(IQueryCollection query, string baseUrl)
    {
        var all = directory.ServicePrincipals();
        if (query["$filter"] is { Count: > 0 } f)
        {
            var predicate = GraphFilter.Parse(f[0]!, out var message);
            if (predicate is null)
            {
                return GraphResult.BadRequest(message!);
            }

            all = [.. all.Where(sp => predicate(new Dictionary<string, object?> { ["appId"] = sp.AppId, ["displayName"] = sp.DisplayName }, sp.Id))];
        }

        return GraphResult.Ok(GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{baseUrl}/$metadata#servicePrincipals");
            w.WriteStartArray("value");
            foreach (var sp in all)
            {
                WriteServicePrincipal(w, sp);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private GraphResult ServicePrincipal(string idOrAppId, string[] rest, IQueryCollection query, string baseUrl)
    {
        var sp = directory.FindServicePrincipal(idOrAppId);
        if (sp is null)
        {
            return GrantsServicePrincipal(idOrAppId) is not { } granting ? GraphResult.NotFound(idOrAppId)
                : rest switch
                {
                    [] => GraphResult.Ok(GraphJson.Write(w => WriteServicePrincipal(w, granting))),
                    ["appRoleAssignments"] => Grants(granting, baseUrl),
                    _ => GraphResult.BadRequest($"Resource not found for the segment '{string.Join('/', rest)}'."),
                };
        }

        if (rest.Length == 0)
        {
            return GraphResult.Ok(GraphJson.Write(w => WriteServicePrincipal(w, sp)));
        }

        if (rest is not ["appRoleAssignedTo"])
        {
            return GraphResult.BadRequest($"Resource not found for the segment '{string.Join('/', rest)}'.");
        }

        var top = PageSize(query, out var error);
        if (error is not null)
        {
            return error;
        }

        var offset = query["$skiptoken"] is { Count: > 0 } skip && int.TryParse(DeltaState.Decode64(skip[0]!), CultureInfo.InvariantCulture, out var o) ? o : 0;
        var all = directory.Assignments(sp.Id);
        var page = all.Skip(offset).Take(top).ToList();
        var next = offset + top < all.Count
            ? $"{baseUrl}/servicePrincipals/{sp.Id}/appRoleAssignedTo?{Carry(query, "$skiptoken")}$skiptoken={DeltaState.Encode((offset + top).ToString(CultureInfo.InvariantCulture))}"
            : null;
        return GraphResult.Ok(GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{baseUrl}/$metadata#servicePrincipals('{sp.Id}')/appRoleAssignedTo");
            if (next is not null)
            {
                w.WriteString("@odata.nextLink", next);
            }

            w.WriteStartArray("value");
            foreach (var a in page)
            {
                WriteAssignment(w, a, sp);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    internal static void WriteAssignment(System.Text.Json.Utf8JsonWriter w, SandboxAssignment a, SandboxServicePrincipal sp)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteNull("deletedDateTime");
        w.WriteString("appRoleId", a.AppRoleId);
        w.WriteString("createdDateTime", a.CreatedDateTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        w.WriteString("principalDisplayName", a.PrincipalDisplayName);
        w.WriteString("principalId", a.PrincipalId);
        w.WriteString("principalType", a.PrincipalType);
        w.WriteString("resourceDisplayName", sp.DisplayName);
        w.WriteString("resourceId", sp.Id);
        w.WriteEndObject();
    }

    private static void WriteServicePrincipal(System.Text.Json.Utf8JsonWriter w, SandboxServicePrincipal sp)
    {
        w.WriteStartObject();
        w.WriteString("id", sp.Id);
        w.WriteString("appId", sp.AppId);
        w.WriteString("displayName", sp.DisplayName);
        w.WriteBoolean("appRoleAssignmentRequired", true);
        w.WriteStartArray("appRoles");
        foreach (var role in sp.AppRoles)
        {
            w.WriteStartObject();
            w.WriteStartArray("allowedMemberTypes");
            w.WriteStringValue("User");
            w.WriteEndArray();
            w.WriteString("description", role.Description);
            w.WriteString("displayName", role.DisplayName);
            w.WriteString("id", role.Id);
            w.WriteBoolean("isEnabled", true);
            w.WriteString("origin", "Application");
            w.WriteString("value", role.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
