using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Integration.Tests.Source;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Sandbox.Graph;

/// <summary>Changing the sandbox directory over HTTP with Graph's write API, as another process would.</summary>
public sealed class SandboxGraphWriteApiTests
{
    [Fact]
    public async Task WriteApi_ChangesSeenByNextDeltaRound_WhenAdminAppChangesUsersGroupsAndAssignments()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        var baseline = await source.ReadAsync(GraphSandbox.Query(), ct);
        using var http = await ClientAsync(sandbox.Server, SandboxDemoIds.AdminClientId, SandboxDemoIds.AdminClientSecret);
        var graph = sandbox.Server.BaseUrl;
        var legal = sandbox.Directory.Groups().Single(g => g.DisplayName == "Legal");
        // Pick the three users before any write: the directory's listing order is not stable across additions.
        var users = sandbox.Directory.Users();
        var (leaver, softDeleted, purgedId) = (users[30].Id, users[31].Id, users[32].Id);

        using var created = await http.PostAsJsonAsync($"{graph}/users", new Dictionary<string, object>
        {
            ["displayName"] = "Åsa Þórsdóttir", ["userPrincipalName"] = "asa.thorsdottir@contoso-sandbox.example", ["department"] = "Legal", ["accountEnabled"] = true,
        }, ct);
        var newId = (await created.Content.ReadFromJsonAsync<JsonDocument>(ct))!.RootElement.GetProperty("id").GetString()!;
        using var member = await http.PostAsJsonAsync($"{graph}/groups/{legal.Id}/members/$ref",
            new Dictionary<string, string> { ["@odata.id"] = $"{graph}/directoryObjects/{newId}" }, ct);
        using var assigned = await http.PostAsJsonAsync($"{graph}/servicePrincipals/{SandboxDemoIds.GoToServicePrincipalId}/appRoleAssignedTo",
            new { principalId = newId, resourceId = SandboxDemoIds.GoToServicePrincipalId, appRoleId = SandboxDemoIds.GoToUserRoleId }, ct);
        using var disabled = await http.PatchAsJsonAsync($"{graph}/users/{leaver}", new { accountEnabled = false }, ct);
        using var deleted = await http.DeleteAsync($"{graph}/users/{softDeleted}", ct);
        using var purged = await http.DeleteAsync($"{graph}/directory/deletedItems/{purgedId}", ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, member.StatusCode);
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        var delta = await source.ReadAsync(GraphSandbox.Query(after: baseline), ct);
        Assert.Equal("Åsa Þórsdóttir", delta.Users.Single(u => u.Id == newId).DisplayName);
        Assert.False(delta.Users.Single(u => u.Id == leaver).AccountEnabled);
        Assert.Equal(2, delta.Users.Count(u => u.Change != SourceChange.Present));
        Assert.Contains(newId, delta.Groups.Single(g => g.Id == legal.Id).Members!.Added);
        Assert.Contains(delta.Assignments, a => a.PrincipalId == newId && a.AppRoleId == SandboxDemoIds.GoToUserRoleId);
    }

    [Fact]
    public async Task WriteApi_Answers403_WhenReaderAppTriesToWrite()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        using var http = await ClientAsync(sandbox.Server, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret);
        var ct = TestContext.Current.CancellationToken;

        using var write = await http.DeleteAsync($"{sandbox.Server.BaseUrl}/users/{sandbox.Directory.Users()[0].Id}", ct);
        using var control = await http.PostAsync($"{sandbox.Server.Address}/sandbox/deltaTokens/expire", null, ct);

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, control.StatusCode);
        Assert.Equal(200, sandbox.Directory.UserCount);
    }

    [Fact]
    public async Task ControlApi_InjectsFaultAndShowsRequestLog_ForEmulatorInAnotherProcess()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        using var http = await ClientAsync(sandbox.Server, SandboxDemoIds.AdminClientId, SandboxDemoIds.AdminClientSecret);
        var ct = TestContext.Current.CancellationToken;

        using var injected = await http.PostAsJsonAsync($"{sandbox.Server.Address}/sandbox/faults",
            new { kind = "ServiceUnavailable", count = 10, pathContains = "groups?", retryAfterSeconds = 0 }, ct);
        var read = await sandbox.CreateSource().ReadAsync(GraphSandbox.Query(), ct);
        using var log = await http.GetFromJsonAsync<JsonDocument>($"{sandbox.Server.Address}/sandbox/requests", ct);

        Assert.Equal(HttpStatusCode.NoContent, injected.StatusCode);
        Assert.False(read.IsComplete);
        Assert.Contains(log!.RootElement.EnumerateArray(), r => r.GetProperty("path").GetString() == "/groups" && r.GetProperty("status").GetInt32() == 503);
    }

    private static async Task<HttpClient> ClientAsync(SandboxGraphServer server, string clientId, string secret)
    {
        var http = new HttpClient();
        using var response = await http.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = $"{server.Address}/.default",
        }), TestContext.Current.CancellationToken);
        using var token = await response.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.RootElement.GetProperty("access_token").GetString());
        return http;
    }
}
