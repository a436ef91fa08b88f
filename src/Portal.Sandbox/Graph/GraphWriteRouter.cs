using System.Text.Json;

namespace Portal.Sandbox.Graph;

/// <summary>
/// Graph's own write API over the mutation methods of <see cref="SandboxGraphDirectory"/>, so a directory served on its
/// own (CLI, other processes) can be changed the way a tenant admin's tools change Entra: create, update, disable and
/// delete users (soft, restore, hard), groups and memberships, app-role assignments.
/// </summary>
internal sealed class GraphWriteRouter(SandboxGraphDirectory directory)
{
    public static IReadOnlyList<string>? AcceptedPermissions(string path) => path.Trim('/').Split('/')[0] switch
    {
        "users" or "directory" => [SandboxGraphPermissions.UserReadWriteAll, SandboxGraphPermissions.DirectoryReadWriteAll],
        "groups" => [SandboxGraphPermissions.GroupReadWriteAll, "GroupMember.ReadWrite.All", SandboxGraphPermissions.DirectoryReadWriteAll],
        "servicePrincipals" => [SandboxGraphPermissions.AppRoleAssignmentReadWriteAll, SandboxGraphPermissions.DirectoryReadWriteAll],
        _ => null,
    };

    public GraphResult Handle(string method, string path, JsonElement body)
    {
        var s = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return (method, s) switch
            {
                ("POST", ["users"]) => Created(DirectoryObjectKind.Users, directory.AddUser(Properties(body))),
                ("PATCH", ["users", var id]) => Done(() => directory.UpdateUser(id, Properties(body))),
                ("DELETE", ["users", var id]) => Done(() => directory.SoftDeleteUser(id)),
                ("PUT", ["users", var id, "manager", "$ref"]) => Done(() => directory.SetManager(id, ReferencedId(body))),
                ("DELETE", ["users", var id, "manager", "$ref"]) => Done(() => directory.SetManager(id, null)),
                ("POST", ["directory", "deletedItems", var id, "restore"]) => Restored(id),
                ("DELETE", ["directory", "deletedItems", var id]) => Done(() => directory.HardDeleteUser(id)),
                ("POST", ["groups"]) => Created(DirectoryObjectKind.Groups, directory.AddGroup(Properties(body))),
                ("PATCH", ["groups", var id]) => Done(() => directory.UpdateGroup(id, Properties(body))),
                ("DELETE", ["groups", var id]) => Done(() => directory.DeleteGroup(id)),
                ("POST", ["groups", var id, "members", "$ref"]) => Done(() => directory.AddMember(id, ReferencedId(body))),
                ("DELETE", ["groups", var id, "members", var member, "$ref"]) => Done(() => directory.RemoveMember(id, member)),
                ("POST", ["servicePrincipals", var sp, "appRoleAssignedTo"]) => Assigned(sp, body),
                ("DELETE", ["servicePrincipals", var sp, "appRoleAssignedTo", var assignment]) => Done(() => directory.Unassign(sp, assignment)),
                _ => GraphResult.BadRequest($"The sandbox does not support {method} /{path.Trim('/')}."),
            };
        }
        catch (KeyNotFoundException e)
        {
            return new GraphResult(404, GraphJson.Error("Request_ResourceNotFound", e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            return GraphResult.BadRequest(e.Message);
        }
    }

    private static GraphResult Done(Action change)
    {
        change();
        return new GraphResult(204, []);
    }

    private GraphResult Created(DirectoryObjectKind kind, string id)
    {
        var view = directory.Find(kind, id)!;
        return new GraphResult(201, GraphJson.Write(w =>
            GraphJson.Object(w, view, new GraphSelection([.. view.Properties.Keys], false, false), withType: false, expandManager: false)));
    }

    private GraphResult Restored(string id)
    {
        directory.RestoreUser(id);
        return Created(DirectoryObjectKind.Users, id) with { Status = 200 };
    }

    private GraphResult Assigned(string servicePrincipalId, JsonElement body)
    {
        var principalId = body.GetProperty("principalId").GetString() ?? throw new FormatException("principalId is required.");
        var appRoleId = body.TryGetProperty("appRoleId", out var role) ? role.GetString()! : SandboxDemoIds.DefaultAccessRoleId;
        if (directory.Assignments(servicePrincipalId).Any(a => string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase) && a.AppRoleId == appRoleId))
        {
            // Graph's own words for a second assignment of the same role (checked here, not in the seeds' bulk assigning).
            return GraphResult.BadRequest("Permission being assigned already exists on the object");
        }

        var assignmentId = directory.Assign(servicePrincipalId, principalId, appRoleId);
        var sp = directory.FindServicePrincipal(servicePrincipalId)!;
        var assignment = directory.Assignments(sp.Id).Single(a => a.Id == assignmentId);
        return new GraphResult(201, GraphJson.Write(w => GraphRequestRouter.WriteAssignment(w, assignment, sp)));
    }

    /// <summary>The id at the end of an <c>@odata.id</c> reference (…/directoryObjects/{id} or …/users/{id}).</summary>
    private static string ReferencedId(JsonElement body)
    {
        var reference = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("@odata.id", out var r) ? r.GetString() : null;
        return reference?.TrimEnd('/').Split('/')[^1] ?? throw new FormatException("The body needs an \"@odata.id\" reference.");
    }

    /// <summary>Graph properties from a JSON body; annotations and the id are not properties.</summary>
    private static Dictionary<string, object?> Properties(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The body must be a JSON object.");
        }

        var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in body.EnumerateObject())
        {
            if (!p.Name.Contains('@', StringComparison.Ordinal) && p.Name != "id" && p.Name != "passwordProfile")
            {
                properties[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => p.Value.TryGetInt64(out var l) ? l : p.Value.GetDouble(),
                    JsonValueKind.Array => p.Value.EnumerateArray().Select(i => i.ToString()).ToArray(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                };
            }
        }

        return properties;
    }
}
