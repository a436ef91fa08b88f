using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Portal.Sandbox.Scim;

/// <summary>The sandbox's own API: accounts with their status, the request log, faults, token revocation and reset.</summary>
internal static class SandboxScimInspection
{
    public static void Map(RouteGroupBuilder group, SandboxScimTarget target)
    {
        group.MapGet("/accounts", () => Results.Json(new JsonObject
        {
            ["mode"] = target.Options.Mode.ToString(),
            ["users"] = new JsonArray(target.Users.Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u["id"]?.DeepClone(),
                ["userName"] = u["userName"]?.DeepClone(),
                ["externalId"] = u["externalId"]?.DeepClone(),
                ["active"] = u["active"]?.DeepClone(),
                // GoTo shows a deactivated user as Suspended in its Admin Center.
                ["status"] = u["active"]?.GetValue<bool>() == false ? "Suspended" : "Active",
            }).ToArray()),
            ["groups"] = new JsonArray(target.Groups.Select(g => (JsonNode)new JsonObject
            {
                ["id"] = g["id"]?.DeepClone(),
                ["displayName"] = g["displayName"]?.DeepClone(),
                ["members"] = (g["members"] as JsonArray)?.Count ?? 0,
            }).ToArray()),
        }));
        group.MapGet("/requests", () => Results.Json(target.Requests.Entries));
        group.MapGet("/", () => Results.Content(SandboxScimInspectionPage.Render(target), "text/html; charset=utf-8"));
        group.MapPost("/faults", (SandboxFault fault) =>
        {
            target.Faults.Add(fault);
            return Results.NoContent();
        });
        group.MapDelete("/faults", () =>
        {
            target.Faults.Clear();
            return Results.NoContent();
        });
        group.MapPost("/revoke-tokens", () =>
        {
            target.RevokeTokens();
            return Results.NoContent();
        });
        group.MapPost("/reset", () =>
        {
            target.Reset();
            return Results.NoContent();
        });
    }
}
