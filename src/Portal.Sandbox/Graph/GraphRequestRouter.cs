using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Portal.Sandbox.Graph;

/// <summary>
/// Dispatches Graph v1.0 GETs by hand rather than by route templates, because Graph paths carry OData syntax
/// (<c>delta()</c>, <c>servicePrincipals(appId='…')</c>, <c>transitiveMembers/graph.user</c>) that templates handle badly.
/// </summary>
internal sealed partial class GraphRequestRouter(SandboxGraphDirectory directory, SandboxGraphOptions options)
{
    /// <summary>The permission an app needs for a path, in the words Graph's 403 uses; null when none is checked.</summary>
    public static IReadOnlyList<string>? AcceptedPermissions(string path) => FirstSegment(path) switch
    {
        "users" => [SandboxGraphPermissions.UserReadAll, SandboxGraphPermissions.UserReadWriteAll, SandboxGraphPermissions.DirectoryReadAll, SandboxGraphPermissions.DirectoryReadWriteAll],
        "groups" => [SandboxGraphPermissions.GroupReadAll, SandboxGraphPermissions.GroupMemberReadAll, SandboxGraphPermissions.DirectoryReadAll, SandboxGraphPermissions.DirectoryReadWriteAll],
        "servicePrincipals" or "applications" => [SandboxGraphPermissions.ApplicationReadAll, SandboxGraphPermissions.DirectoryReadAll, SandboxGraphPermissions.DirectoryReadWriteAll],
        _ => null,
    };

    public GraphResult Handle(string path, IQueryCollection query, string baseUrl)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return GraphResult.BadRequest("Invalid request.");
        }

        var head = segments[0];
        if (ServicePrincipalByAppId().Match(head) is { Success: true } byAppId)
        {
            return ServicePrincipal(byAppId.Groups["appId"].Value, segments.Skip(1).ToArray(), query, baseUrl);
        }

        if (segments.Length == 1 && ApplicationByAppId().Match(head) is { Success: true } application)
        {
            return Application(application.Groups["appId"].Value, baseUrl);
        }

        // Members are directory objects of either kind; everything else under users and groups is of the one kind.
        if (head is "users" or "groups" && segments is not [_, _, "members" or "transitiveMembers", ..]
            && GraphSchema.RefusedSelect(head == "users" || segments is [_, _, "manager"] ? DirectoryObjectKind.Users : DirectoryObjectKind.Groups,
                query["$select"]) is { } refused)
        {
            return refused;
        }

        return (head, segments.Length) switch
        {
            ("users" or "groups", 1) => List(Kind(head), query, baseUrl, head),
            ("users" or "groups", 2) when IsDelta(segments[1]) => new GraphDeltaResponder(directory, options).Respond(Kind(head), query, baseUrl),
            ("users", 2) => Single(DirectoryObjectKind.Users, segments[1], query),
            ("users", 3) when segments[2] == "manager" => Manager(segments[1], query),
            ("groups", 2) => Single(DirectoryObjectKind.Groups, segments[1], query),
            ("groups", 3 or 4) when segments[2] is "members" or "transitiveMembers" =>
                Members(segments[1], segments[2] == "transitiveMembers", segments.Length == 4 ? segments[3] : null, query, baseUrl, path),
            ("servicePrincipals", 1) => ServicePrincipalsFiltered(query, baseUrl),
            ("servicePrincipals", _) => ServicePrincipal(segments[1], segments.Skip(2).ToArray(), query, baseUrl),
            _ => GraphResult.BadRequest($"Resource not found for the segment '{string.Join('/', segments.Skip(1))}'."),
        };
    }

    private static string FirstSegment(string path)
    {
        var head = path.Trim('/').Split('/')[0];
        var paren = head.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? head[..paren] : head;
    }

    private static DirectoryObjectKind Kind(string head) => head == "users" ? DirectoryObjectKind.Users : DirectoryObjectKind.Groups;

    private static bool IsDelta(string segment) => segment is "delta" or "delta()" or "microsoft.graph.delta()" or "microsoft.graph.delta";

    private int PageSize(IQueryCollection query, out GraphResult? error)
    {
        error = null;
        if (query["$top"] is { Count: > 0 } top)
        {
            if (!int.TryParse(top[0], CultureInfo.InvariantCulture, out var n) || n < 1 || n > 999)
            {
                error = GraphResult.BadRequest($"Invalid page size specified: '{top[0]}'. Must be between 1 and 999 inclusive.");
                return 0;
            }

            return Math.Min(n, options.MaxPageSize);
        }

        return Math.Min(options.DefaultPageSize, options.MaxPageSize);
    }

    private GraphResult List(DirectoryObjectKind kind, IQueryCollection query, string baseUrl, string resource)
    {
        var top = PageSize(query, out var error);
        if (error is not null)
        {
            return error;
        }

        Func<GraphObjectView, bool>? filter = null;
        if (query["$filter"] is { Count: > 0 } f)
        {
            var predicate = GraphFilter.Parse(f[0]!, out var message);
            if (predicate is null)
            {
                return GraphResult.BadRequest(message!);
            }

            filter = v => predicate(v.Properties, v.Id);
        }

        var afterId = query["$skiptoken"] is { Count: > 0 } skip ? DeltaState.Decode64(skip[0]!) : null;
        var page = directory.List(kind, afterId, top, filter);
        var selection = GraphSelection.Parse(query["$select"]);
        var expandManager = ExpandsManager(query);
        string? next = null;
        if (page.HasMore)
        {
            next = $"{baseUrl}/{resource}?{Carry(query, "$skiptoken")}$skiptoken={DeltaState.Encode(page.LastId!)}";
        }

        return GraphResult.Ok(Collection(baseUrl, resource, next, page.Items, selection, withType: false, expandManager));
    }

    private GraphResult Single(DirectoryObjectKind kind, string id, IQueryCollection query)
    {
        var view = directory.Find(kind, id);
        if (view is null)
        {
            return GraphResult.NotFound(id);
        }

        var selection = GraphSelection.Parse(query["$select"]);
        return GraphResult.Ok(GraphJson.Write(w => GraphJson.Object(w, view, selection, withType: false, ExpandsManager(query))));
    }

    private GraphResult Manager(string id, IQueryCollection query)
    {
        var user = directory.Find(DirectoryObjectKind.Users, id);
        if (user is null)
        {
            return GraphResult.NotFound(id);
        }

        var manager = user.ManagerId is null ? null : directory.Find(DirectoryObjectKind.Users, user.ManagerId);
        return manager is null
            ? GraphResult.NotFound("manager")
            : GraphResult.Ok(GraphJson.Write(w => GraphJson.Object(w, manager, GraphSelection.Parse(query["$select"]), withType: true, false)));
    }

    private GraphResult Members(string groupId, bool transitive, string? cast, IQueryCollection query, string baseUrl, string path)
    {
        if (cast is not null and not ("graph.user" or "microsoft.graph.user" or "graph.group" or "microsoft.graph.group"))
        {
            return GraphResult.BadRequest($"Unsupported cast '{cast}'.");
        }

        var members = directory.Members(groupId, transitive);
        if (members is null)
        {
            return GraphResult.NotFound(groupId);
        }

        var top = PageSize(query, out var error);
        if (error is not null)
        {
            return error;
        }

        var wanted = cast is null ? null : cast.EndsWith("user", StringComparison.Ordinal) ? GraphODataTypes.User : GraphODataTypes.Group;
        var afterId = query["$skiptoken"] is { Count: > 0 } skip ? DeltaState.Decode64(skip[0]!) : null;
        var remaining = members.Where(m => wanted is null || m.ODataType == wanted)
            .Where(m => afterId is null || StringComparer.OrdinalIgnoreCase.Compare(m.Id, afterId) > 0).ToList();
        var page = remaining.Take(top).ToList();
        var next = remaining.Count > top ? $"{baseUrl}/{path.Trim('/')}?{Carry(query, "$skiptoken")}$skiptoken={DeltaState.Encode(page[^1].Id)}" : null;
        return GraphResult.Ok(Collection(baseUrl, "directoryObjects", next, page, GraphSelection.Parse(query["$select"]), withType: true, false));
    }

    private static bool ExpandsManager(IQueryCollection query) =>
        query["$expand"] is { Count: > 0 } e && e[0]!.StartsWith("manager", StringComparison.OrdinalIgnoreCase);

    /// <summary>Query parameters a nextLink keeps (Graph repeats <c>$select</c>, <c>$top</c>… and swaps the token).</summary>
    internal static string Carry(IQueryCollection query, string except) => string.Concat(query
        .Where(p => p.Key != except)
        .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value.ToString())}&"));

    internal static byte[] Collection(
        string baseUrl, string context, string? nextLink, IEnumerable<GraphObjectView> items, GraphSelection selection, bool withType, bool expandManager,
        string? deltaLink = null) => GraphJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("@odata.context", $"{baseUrl}/$metadata#{context}");
        if (nextLink is not null)
        {
            w.WriteString("@odata.nextLink", nextLink);
        }

        if (deltaLink is not null)
        {
            w.WriteString("@odata.deltaLink", deltaLink);
        }

        w.WriteStartArray("value");
        foreach (var item in items)
        {
            GraphJson.Object(w, item, selection, withType, expandManager);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    [GeneratedRegex(@"^servicePrincipals\(appId='(?<appId>[^']+)'\)$")]
    private static partial Regex ServicePrincipalByAppId();
}
