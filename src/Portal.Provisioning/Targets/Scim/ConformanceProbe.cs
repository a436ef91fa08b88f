using System.Text.Json.Nodes;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// Test Connection plus the conformance probe: discovery documents, then create → get → patch → filter → disable →
/// delete of a probe user and a group member add/remove in the chosen dialect, one <see cref="ConformanceCheck"/> each,
/// so an admin sees what the target does not support before switching provisioning on. Probe objects are removed.
/// </summary>
public sealed class ConformanceProbe
{
    public async Task<ConnectionTestResult> RunAsync(ITargetConnector connector, bool includeConformance, CancellationToken cancellationToken)
    {
        var connection = await connector.TestConnectionAsync(cancellationToken);
        if (!connection.Succeeded || !includeConformance)
        {
            return connection;
        }

        var checks = new List<ConformanceCheck>(connection.Checks);
        var scim = connector as ScimTargetConnector;
        if (scim is not null)
        {
            checks.Add(await CheckAsync("ServiceProviderConfig", async () => Describe(await scim.GetDocumentAsync(scim.Dialect.ServiceProviderConfigPath, cancellationToken))));
            checks.Add(await CheckAsync("Schemas", async () => Count(await scim.GetDocumentAsync(scim.Dialect.SchemasPath, cancellationToken))));
        }

        var suffix = Guid.NewGuid().ToString("N")[..12];
        var userName = $"portal-probe-{suffix}@example.com";
        string? userId = null;
        string? groupId = null;
        string? memberId = null;
        try
        {
            checks.Add(await CheckAsync("Create user", async () =>
            {
                var created = await connector.CreateAsync(ObjectKind.User, ProbeUser(userName, suffix), new MatchingKey("userName", userName), cancellationToken);
                userId = created.Id;
                return $"201 with id {created.Id}";
            }));
            if (userId is null)
            {
                return Report(connection, checks);
            }

            checks.Add(await CheckAsync("Get user by id", async () =>
                await connector.GetAsync(ObjectKind.User, userId, cancellationToken) is { } u ? $"returned {u.DisplayName}" : throw Fail("the user just created was not found")));
            checks.Add(await CheckAsync("Update user (PATCH)", async () =>
            {
                await connector.UpdateAsync(ObjectKind.User, userId, new Dictionary<string, JsonNode?> { ["name.givenName"] = "Patched" }, cancellationToken);
                var after = await connector.GetAsync(ObjectKind.User, userId, cancellationToken);
                return (after?.Resource["name"] as JsonObject)?["givenName"]?.ToString() == "Patched" ? "name.givenName replaced" : throw Fail("PATCH was accepted but GET does not show the new name.givenName");
            }));
            checks.Add(await CheckAsync("Filter users by userName", async () =>
            {
                var found = await connector.FindAsync(ObjectKind.User, "userName", userName.ToUpperInvariant(), cancellationToken);
                var exact = found.Count == 1 ? found : await connector.FindAsync(ObjectKind.User, "userName", userName, cancellationToken);
                return exact.Count == 1
                    ? found.Count == 1 ? "found; userName matching is case-insensitive" : "found only with exact case; userName matching is case-sensitive"
                    : throw Fail($"filter returned {exact.Count} users");
            }));
            if (scim?.Dialect.SupportsExternalIdFilter != false)
            {
                checks.Add(await CheckAsync("Filter users by externalId", async () =>
                    (await connector.FindAsync(ObjectKind.User, "externalId", $"probe-{suffix}", cancellationToken)).Count == 1 ? "found" : throw Fail("filter on externalId found nothing")));
            }

            checks.Add(await CheckAsync("Disable user", async () =>
            {
                await connector.DisableAsync(ObjectKind.User, userId, cancellationToken);
                var after = await connector.GetAsync(ObjectKind.User, userId, cancellationToken);
                return after is null ? "the user was deleted (the dialect disables by DELETE)"
                    : after.Active == false ? "active=false and the user is still returned" : throw Fail("the user is still active after the disable");
            }));
            checks.Add(await CheckAsync("Create group", async () =>
            {
                var name = $"Portal probe {suffix}";
                groupId = (await connector.CreateAsync(ObjectKind.Group, new Dictionary<string, JsonNode?> { ["displayName"] = name, ["externalId"] = $"probe-group-{suffix}" },
                    new MatchingKey("displayName", name), cancellationToken)).Id;
                return $"201 with id {groupId}";
            }));
            if (groupId is not null)
            {
                memberId = userId;
                checks.Add(await CheckAsync("Add group member", async () =>
                {
                    await connector.AddMembersAsync(groupId, [userId], cancellationToken);
                    return await connector.MembersAsync(groupId, cancellationToken) is { } members
                        ? members.Contains(userId) ? "member added" : throw Fail("PATCH was accepted but the member is not in the group")
                        : "accepted (the target does not return members to verify)";
                }));
                checks.Add(await CheckAsync($"Remove group member ({scim?.Dialect.MemberRemoval.ToString() ?? "connector"} style)", async () =>
                {
                    await connector.RemoveMembersAsync(groupId, [userId], cancellationToken);
                    return await connector.MembersAsync(groupId, cancellationToken) is { } members
                        ? members.Count == 0 ? "member removed" : throw Fail("PATCH was accepted but the member is still in the group")
                        : "accepted (the target does not return members to verify)";
                }));
                checks.Add(await CheckAsync("Delete group", async () =>
                {
                    await connector.DeleteAsync(ObjectKind.Group, groupId, cancellationToken);
                    groupId = null;
                    return "deleted";
                }));
            }

            checks.Add(await CheckAsync("Delete user", async () =>
            {
                await connector.DeleteAsync(ObjectKind.User, userId, cancellationToken);
                var after = await connector.GetAsync(ObjectKind.User, userId, cancellationToken);
                userId = after is null ? null : userId;
                return after is null ? "deleted; GET answers 404" : throw Fail("DELETE was accepted but GET still returns the user");
            }));
        }
        finally
        {
            await CleanUpAsync(connector, ObjectKind.Group, groupId);
            await CleanUpAsync(connector, ObjectKind.User, userId ?? memberId);
        }

        return Report(connection, checks);
    }

    private static Dictionary<string, JsonNode?> ProbeUser(string userName, string suffix) => new()
    {
        ["userName"] = userName,
        ["externalId"] = $"probe-{suffix}",
        ["active"] = true,
        ["displayName"] = "Portal Probe",
        ["name.givenName"] = "Portal",
        ["name.familyName"] = "Probe",
        ["emails[type eq \"work\"].value"] = userName,
    };

    private static async Task CleanUpAsync(ITargetConnector connector, ObjectKind kind, string? id)
    {
        if (id is null)
        {
            return;
        }

        try
        {
            await connector.DeleteAsync(kind, id, CancellationToken.None);
        }
        catch (TargetException)
        {
            // The report already says what failed; a probe object left behind is named "portal-probe-…".
        }
    }

    private static async Task<ConformanceCheck> CheckAsync(string name, Func<Task<string>> check)
    {
        try
        {
            return new ConformanceCheck(name, true, await check());
        }
        catch (TargetException e)
        {
            return new ConformanceCheck(name, false, $"{e.Message} {e.RecommendedAction}".Trim());
        }
    }

    private static TargetException Fail(string message) => new("UnprocessableEntity", message, "");

    private static string Describe(JsonNode config)
    {
        string Flag(string name) => ((config as JsonObject)?[name] as JsonObject)?["supported"]?.ToString() ?? "?";
        return $"patch={Flag("patch")}, filter={Flag("filter")}, etag={Flag("etag")}, bulk={Flag("bulk")}, sort={Flag("sort")}";
    }

    private static string Count(JsonNode schemas) => schemas switch
    {
        JsonObject list when list["Resources"] is JsonArray a => $"{a.Count} schemas",
        JsonArray array => $"{array.Count} schemas",
        _ => throw Fail("the Schemas answer is not a ListResponse"),
    };

    private static ConnectionTestResult Report(ConnectionTestResult connection, List<ConformanceCheck> checks)
    {
        var failed = checks.Count(c => !c.Passed);
        return connection with
        {
            Message = failed == 0 ? $"{connection.Message} All {checks.Count} conformance checks passed." : $"{connection.Message} {failed} of {checks.Count} conformance checks failed.",
            Checks = checks,
        };
    }
}
