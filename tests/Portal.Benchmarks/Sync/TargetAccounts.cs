using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Portal.Provisioning.Mapping;
using Portal.Sandbox.Scim;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// Accounts as the harness checks them: users by userName with their department and active flag, groups by name
/// with their members' userNames. Built from the source directory (what should be there) or from the target.
/// </summary>
public sealed record TargetAccounts(IReadOnlyDictionary<string, string> Users, IReadOnlyDictionary<string, string> Groups)
{
    public long Memberships => Groups.Values.Sum(m => m.Length == 0 ? 0 : m.Count(c => c == ',') + 1);

    public bool SameAs(TargetAccounts other) =>
        Users.Count == other.Users.Count && Users.All(u => other.Users.TryGetValue(u.Key, out var v) && v == u.Value)
        && Groups.Count == other.Groups.Count && Groups.All(g => other.Groups.TryGetValue(g.Key, out var v) && v == g.Value);

    /// <summary>What the default SCIM mappings must produce: enabled users (disabled ones are never created) and every group.</summary>
    public static TargetAccounts Expected(SourceDirectory directory)
    {
        var enabled = directory.EnabledUsers.ToDictionary(u => u.Id, StringComparer.OrdinalIgnoreCase);
        var users = enabled.Values.ToDictionary(u => u.UserPrincipalName, u => Describe(u.Department, active: true), StringComparer.OrdinalIgnoreCase);
        var groups = directory.Groups.ToDictionary(g => g.DisplayName,
            g => Members(g.MemberIds.Where(enabled.ContainsKey).Select(id => enabled[id].UserPrincipalName)), StringComparer.OrdinalIgnoreCase);
        return new TargetAccounts(users, groups);
    }

    /// <summary>What a SCIM target holds, read through its own list endpoints (pages of <c>count</c> from <c>startIndex</c>).</summary>
    public static async Task<TargetAccounts> ReadAsync(string scimBaseUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(scimBaseUrl.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        return Of(await ListAsync(http, "Users", cancellationToken), await ListAsync(http, "Groups", cancellationToken));
    }

    public static TargetAccounts Of(IReadOnlyList<JsonObject> users, IReadOnlyList<JsonObject> groups)
    {
        var names = users.ToDictionary(u => u["id"]!.GetValue<string>(), u => u["userName"]!.GetValue<string>(), StringComparer.Ordinal);
        return new TargetAccounts(
            users.ToDictionary(u => u["userName"]!.GetValue<string>(), u => Describe(Department(u), u["active"]?.GetValue<bool>() ?? true), StringComparer.OrdinalIgnoreCase),
            groups.ToDictionary(g => g["displayName"]!.GetValue<string>(),
                g => Members((g["members"] as JsonArray ?? []).Select(m => names.GetValueOrDefault(m!["value"]!.GetValue<string>(), "?"))), StringComparer.OrdinalIgnoreCase));
    }

    private static async Task<List<JsonObject>> ListAsync(HttpClient http, string resource, CancellationToken cancellationToken)
    {
        const int Count = 100;
        var all = new List<JsonObject>();
        for (var total = int.MaxValue; all.Count < total;)
        {
            var page = JsonNode.Parse(await http.GetStringAsync($"{resource}?startIndex={all.Count + 1}&count={Count}", cancellationToken))!;
            total = page["totalResults"]!.GetValue<int>();
            var resources = page["Resources"] as JsonArray ?? [];
            if (resources.Count == 0)
            {
                break;
            }

            all.AddRange(resources.Select(r => r!.AsObject()));
        }

        return all;
    }

    private static string? Department(JsonObject user) =>
        user[DefaultMappings.EnterpriseDepartment[..DefaultMappings.EnterpriseDepartment.LastIndexOf(':')]]?["department"]?.GetValue<string>();

    private static string Describe(string? department, bool active) => $"{department}|{(active ? "active" : "inactive")}";

    // One comparable string per group keeps 1,000 groups × 200 members cheap to hold and compare.
    private static string Members(IEnumerable<string> userNames) =>
        string.Join(",", userNames.Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal));
}
