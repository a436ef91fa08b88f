using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Sandbox.Graph;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// The harness's view of the Graph emulator in the sandbox process, as the sandbox's admin app (reads, and
/// Directory.ReadWrite.All for Graph's write API): reads the directory through Graph's own pages and changes users
/// with <c>PATCH /users/{id}</c>, the way a tenant admin's tools change Entra.
/// </summary>
internal sealed class GraphDirectoryClient : IDisposable
{
    private const string UserFields = "id,userPrincipalName,accountEnabled,displayName,givenName,surname,mail,jobTitle,department";

    private readonly HttpClient _http;

    private GraphDirectoryClient(HttpClient http) => _http = http;

    public static async Task<GraphDirectoryClient> ConnectAsync(SandboxEndpoints endpoints, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(endpoints.GraphBaseUrl.TrimEnd('/') + "/") };
        try
        {
            using var response = await http.PostAsync(endpoints.GraphTokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = SandboxDemoIds.AdminClientId,
                ["client_secret"] = SandboxDemoIds.AdminClientSecret,
                ["scope"] = "https://graph.microsoft.com/.default",
            }), cancellationToken);
            response.EnsureSuccessStatusCode();
            using var token = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
            return new GraphDirectoryClient(http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task<SourceDirectory> ReadAsync(int parallelism, CancellationToken cancellationToken)
    {
        var users = new List<SourceUser>();
        await ForEachAsync($"users?$select={UserFields}&$top=999", u => users.Add(User(u)), cancellationToken);
        var groups = new List<(string Id, string Name)>();
        await ForEachAsync("groups?$select=id,displayName&$top=999", g => groups.Add((Id(g), Text(g, "displayName")!)), cancellationToken);

        var members = new ConcurrentDictionary<string, List<string>>();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var ids = new List<string>();
            await ForEachAsync($"groups/{group.Id}/members?$select=id&$top=999", m => ids.Add(Id(m)), ct);
            members[group.Id] = ids;
        });
        return new SourceDirectory(users, [.. groups.Select(g => new SourceGroup(g.Id, g.Name, members[g.Id]))]);
    }

    public async Task UpdateUserAsync(string id, IReadOnlyDictionary<string, object?> changes, CancellationToken cancellationToken)
    {
        using var response = await _http.PatchAsJsonAsync($"users/{id}", changes, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();

    // Follows @odata.nextLink to the last page.
    private async Task ForEachAsync(string path, Action<JsonElement> each, CancellationToken cancellationToken)
    {
        for (string? next = path; next is not null;)
        {
            using var response = await _http.GetAsync(next, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            foreach (var item in page.RootElement.GetProperty("value").EnumerateArray())
            {
                each(item);
            }

            next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
    }

    private static SourceUser User(JsonElement u) => new(
        Id(u), Text(u, "userPrincipalName")!, !u.TryGetProperty("accountEnabled", out var enabled) || enabled.ValueKind != JsonValueKind.False,
        Text(u, "displayName"), Text(u, "givenName"), Text(u, "surname"), Text(u, "mail"), Text(u, "jobTitle"), Text(u, "department"));

    private static string Id(JsonElement item) => item.GetProperty("id").GetString()!;

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
