using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Portal.Sandbox.Scim;

/// <summary>The SCIM routes of a sandbox target (Users, Groups, discovery) behind its auth and fault filters.</summary>
internal static class SandboxScimEndpoints
{
    private const string ScimJson = "application/scim+json";
    private static readonly HashSet<string> AllOperators = ["eq", "co", "sw", "pr", "and", "or"];
    private static readonly HashSet<string> GoToOperators = ["eq", "sw", "and"];

    public static void Map(RouteGroupBuilder scim, SandboxScimTarget target)
    {
        foreach (var kind in new[] { SandboxResourceKind.User, SandboxResourceKind.Group })
        {
            var segment = $"/{SandboxScimTarget.Segment(kind)}";
            scim.MapGet(segment, (HttpContext http, CancellationToken _) => Run(() => List(target, kind, http)));
            scim.MapPost(segment, async (HttpContext http, CancellationToken _) => await RunAsync(async () =>
            {
                var created = target.Create(kind, await ReadBody(http), BaseUrl(http));
                return Resource(http, 201, created, kind);
            }));
            scim.MapGet($"{segment}/{{id}}", (HttpContext http, string id) => Run(() =>
                target.Get(kind, id) is { } found ? Resource(http, 200, found, kind) : Error(404, null, $"{kind} {id} not found.")));
            scim.MapPut($"{segment}/{{id}}", async (HttpContext http, string id) => await RunAsync(async () =>
                Resource(http, 200, target.Replace(kind, id, await ReadBody(http), IfMatch(http)), kind)));
            scim.MapPatch($"{segment}/{{id}}", async (HttpContext http, string id) => await RunAsync(async () =>
            {
                var patched = target.Patch(kind, id, await ReadBody(http), IfMatch(http));
                http.Response.Headers.ETag = patched["meta"]?["version"]?.ToString();
                // Entra asks for 204 on group PATCH; users get the resource back.
                return kind == SandboxResourceKind.Group ? Results.NoContent() : Resource(http, 200, patched, kind);
            }));
            scim.MapDelete($"{segment}/{{id}}", (HttpContext http, string id) => Run(() =>
            {
                target.Delete(kind, id, IfMatch(http));
                // GoTo answers DELETE with 200 rather than 204.
                return target.Options.Mode == SandboxScimMode.GoTo ? Results.Ok() : Results.NoContent();
            }));
        }

        var configPath = target.Options.Mode is SandboxScimMode.GoTo or SandboxScimMode.Scim11 ? "/ServiceProviderConfigs" : "/ServiceProviderConfig";
        scim.MapGet(configPath, () => Json(200, SandboxScimDiscovery.ServiceProviderConfig(target.Options)));
        scim.MapGet("/Schemas", () => Json(200, SandboxScimDiscovery.Schemas()));
        scim.MapGet("/ResourceTypes", () => Json(200, SandboxScimDiscovery.ResourceTypes()));
    }

    private static IResult List(SandboxScimTarget target, SandboxResourceKind kind, HttpContext http)
    {
        var query = http.Request.Query;
        var filterText = query["filter"].ToString();
        Func<JsonObject, bool> filter = _ => true;
        (string, string)? equality = null;
        if (!string.IsNullOrWhiteSpace(filterText))
        {
            if (target.Options.Mode == SandboxScimMode.GoTo && filterText.Contains("externalId", StringComparison.OrdinalIgnoreCase))
            {
                throw new SandboxScimException(400, "invalidFilter", "Filtering on externalId is not supported.");
            }

            (filter, equality) = SandboxScimFilter.ParseWithEquality(filterText, target.Options.Mode == SandboxScimMode.GoTo ? GoToOperators : AllOperators);
        }

        var startIndex = int.TryParse(query["startIndex"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;
        var count = int.TryParse(query["count"], CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 0, target.Options.MaxPageSize) : target.Options.MaxPageSize;
        var (page, total) = target.Query(kind, filter, startIndex, count, equality);
        var excludeMembers = query["excludedAttributes"].ToString().Contains("members", StringComparison.OrdinalIgnoreCase);
        var resources = new JsonArray(page.Select(r => (JsonNode)Shape(r, excludeMembers)).ToArray());
        // The GoTo swagger names the collection "resources" in lower case.
        var key = target.Options.Mode == SandboxScimMode.GoTo ? "resources" : "Resources";
        return Json(200, new JsonObject
        {
            ["schemas"] = new JsonArray(target.Options.Mode == SandboxScimMode.Scim11 ? SandboxScimResource.Scim11Core : SandboxScimResource.ListResponse),
            ["totalResults"] = total,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = page.Count,
            [key] = resources,
        });
    }

    private static JsonObject Shape(JsonObject resource, bool excludeMembers)
    {
        if (excludeMembers)
        {
            resource.Remove("members");
        }

        return resource;
    }

    private static IResult Resource(HttpContext http, int status, JsonObject resource, SandboxResourceKind kind)
    {
        http.Response.Headers.ETag = resource["meta"]?["version"]?.ToString();
        var exclude = kind == SandboxResourceKind.Group && http.Request.Query["excludedAttributes"].ToString().Contains("members", StringComparison.OrdinalIgnoreCase);
        return Json(status, Shape(resource, exclude));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static IResult Json(int status, JsonNode body) => Results.Text(body.ToJsonString(Readable), ScimJson, Encoding.UTF8, status);

    internal static IResult Error(int status, string? scimType, string detail) => Json(status, SandboxScimResource.ErrorBody(status, scimType, detail));

    private static IResult Run(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (SandboxScimException e)
        {
            return Error(e.Status, e.ScimType, e.Message);
        }
    }

    private static async Task<IResult> RunAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (SandboxScimException e)
        {
            return Error(e.Status, e.ScimType, e.Message);
        }
    }

    private static async Task<JsonNode?> ReadBody(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new SandboxScimException(400, "invalidSyntax", $"The body is not valid JSON: {e.Message}");
        }
    }

    private static string? IfMatch(HttpContext http) => http.Request.Headers.IfMatch.FirstOrDefault();

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{SandboxScimPrefix(http)}";

    private static string SandboxScimPrefix(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var index = path.LastIndexOf("/Users", StringComparison.Ordinal);
        index = index < 0 ? path.LastIndexOf("/Groups", StringComparison.Ordinal) : index;
        return index < 0 ? path : path[..index];
    }
}
