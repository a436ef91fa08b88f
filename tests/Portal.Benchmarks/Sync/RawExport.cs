using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Provisioning.Mapping;
using Portal.Sandbox.Scim;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// The ceiling: a plain HttpClient writing what the initial cycle writes — the enabled users, the groups, then the
/// groups' members in PATCHes of 100 — into a fresh sandbox target with the same parallelism, and nothing else. What
/// to write is read from the source beforehand, outside the clock.
/// </summary>
internal static class RawExport
{
    private const int MembersPerPatch = 100;
    private const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string CoreGroup = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static readonly MediaTypeHeaderValue ScimJson = new("application/scim+json") { CharSet = "utf-8" };

    /// <returns>Seconds taken and objects written (users + groups + memberships).</returns>
    public static async Task<(double Seconds, long Objects)> RunAsync(SourceDirectory directory, string scimBaseUrl, int parallelism, CancellationToken cancellationToken)
    {
        var users = directory.EnabledUsers;
        var groups = directory.Groups;
        using var http = new HttpClient { BaseAddress = new Uri(scimBaseUrl.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        var targetIds = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var groupIds = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        long memberships = 0;

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(users, parallel, async (user, ct) => targetIds[user.Id] = await PostAsync(http, "Users", UserBody(user), ct));
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) => groupIds[group.Id] = await PostAsync(http, "Groups", GroupBody(group), ct));
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) =>
        {
            var members = group.MemberIds.Where(targetIds.ContainsKey).Select(id => targetIds[id]).Order(StringComparer.Ordinal).ToList();
            foreach (var batch in members.Chunk(MembersPerPatch))
            {
                var patch = new JsonObject
                {
                    ["schemas"] = new JsonArray(PatchOp),
                    ["Operations"] = new JsonArray(new JsonObject
                    {
                        ["op"] = "add",
                        ["path"] = "members",
                        ["value"] = new JsonArray([.. batch.Select(id => (JsonNode)new JsonObject { ["value"] = id })]),
                    }),
                };
                using var request = new HttpRequestMessage(HttpMethod.Patch, $"Groups/{groupIds[group.Id]}") { Content = Content(patch) };
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
            }

            Interlocked.Add(ref memberships, members.Count);
        });
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, users.Count + groups.Count + memberships);
    }

    private static async Task<string> PostAsync(HttpClient http, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(path, Content(body), cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return created["id"]!.GetValue<string>();
    }

    private static StringContent Content(JsonNode body)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = ScimJson;
        return content;
    }

    // The same resource the default user mapping produces, so both sides send and store as much.
    private static JsonObject UserBody(SourceUser user)
    {
        var enterprise = DefaultMappings.EnterpriseDepartment[..DefaultMappings.EnterpriseDepartment.LastIndexOf(':')];
        return new JsonObject
        {
            ["schemas"] = new JsonArray(CoreUser, enterprise),
            ["userName"] = user.UserPrincipalName,
            ["active"] = true,
            ["displayName"] = user.DisplayName,
            ["title"] = user.JobTitle,
            ["emails"] = new JsonArray(new JsonObject { ["type"] = "work", ["value"] = user.Mail }),
            ["name"] = new JsonObject { ["givenName"] = user.GivenName, ["familyName"] = user.Surname },
            [enterprise] = new JsonObject { ["department"] = user.Department },
        };
    }

    private static JsonObject GroupBody(SourceGroup group) => new()
    {
        ["schemas"] = new JsonArray(CoreGroup),
        ["displayName"] = group.DisplayName,
        ["externalId"] = group.Id,
    };
}
