using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Sandbox.Graph;

/// <summary>The emulator's wire behaviour seen by a plain HttpClient (no SDK in between).</summary>
public sealed class SandboxGraphEmulatorTests
{
    [Fact]
    public async Task TokenEndpoint_Answers401WithAadstsError_WhenSecretIsWrong()
    {
        await using var server = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient();

        using var response = await RequestTokenAsync(http, server, SandboxDemoIds.ClientId, "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        Assert.Equal("invalid_client", body!.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS7000215", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpoint_LogsA400_WhenClientStopsBeforeItsBodyEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = SandboxGraphEmulator.CreateDemo();
        await using var server = await SandboxGraphServer.StartAsync(emulator, cancellationToken: ct);
        var endpoint = new Uri(server.TokenEndpoint);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, ct);
            // A body announced as 200 bytes of which 30 arrive before the client closes, as a timed-out client does.
            var request = $"POST {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\n" +
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\ngrant_type=client_credentials&";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        }

        // The server notices the closed connection on its own time.
        for (var waited = 0; waited < 10_000 && emulator.RequestLog.Snapshot().Count == 0; waited += 20)
        {
            await Task.Delay(20, ct);
        }

        var record = Assert.Single(emulator.RequestLog.Snapshot());
        Assert.Equal(400, record.Status);
    }

    [Fact]
    public async Task Users_Answers403AuthorizationRequestDenied_WhenAppLacksUserReadAll()
    {
        var emulator = SandboxGraphEmulator.CreateDemo();
        emulator.Directory.RegisterClient(new SandboxClient("33333333-2222-4333-8444-555555555555", "s", new HashSet<string> { SandboxGraphPermissions.GroupReadAll }));
        await using var server = await SandboxGraphServer.StartAsync(emulator, cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        using var tokenResponse = await RequestTokenAsync(http, server, "33333333-2222-4333-8444-555555555555", "s");
        using var token = await tokenResponse.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.RootElement.GetProperty("access_token").GetString());

        using var users = await http.GetAsync($"{server.BaseUrl}/users", TestContext.Current.CancellationToken);
        using var groups = await http.GetAsync($"{server.BaseUrl}/groups?$top=1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Contains("Authorization_RequestDenied", await users.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
    }

    [Fact]
    public async Task Users_FiltersAndSelects_WhenAskedByPlainClient()
    {
        await using var server = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        using var tokenResponse = await RequestTokenAsync(http, server, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret);
        using var token = await tokenResponse.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.RootElement.GetProperty("access_token").GetString());

        using var body = await http.GetFromJsonAsync<JsonDocument>(
            $"{server.BaseUrl}/users?%24select=displayName,department&%24filter=department eq 'Legal' and accountEnabled eq true", TestContext.Current.CancellationToken);

        var users = body!.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(users);
        Assert.All(users, u =>
        {
            Assert.Equal("Legal", u.GetProperty("department").GetString());
            Assert.Equal(["id", "displayName", "department"], u.EnumerateObject().Select(p => p.Name));
        });
    }

    [Theory]
    [InlineData("users?$select=displayName,departmnet", "Could not find a property named 'departmnet' on type 'microsoft.graph.user'.")]
    [InlineData("users/delta?$select=displayName,IsSoftDeleted", "Could not find a property named 'IsSoftDeleted' on type 'microsoft.graph.user'.")]
    [InlineData("groups?$select=displayName,costCenter", "Could not find a property named 'costCenter' on type 'microsoft.graph.group'.")]
    public async Task Select_Answers400AsGraphDoes_WhenItNamesAPropertyTheTypeLacks(string path, string message)
    {
        await using var server = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        using var tokenResponse = await RequestTokenAsync(http, server, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret);
        using var token = await tokenResponse.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.RootElement.GetProperty("access_token").GetString());

        using var refused = await http.GetAsync($"{server.BaseUrl}/{path}", TestContext.Current.CancellationToken);
        using var known = await http.GetAsync($"{server.BaseUrl}/users?$select=department,extension_b7d8e5fa_costCenter,onPremisesExtensionAttributes", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var error = await refused.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        Assert.Equal(message, error!.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public void CreateGenerated_IsDeterministic_ForASeed()
    {
        var first = SandboxGraphEmulator.CreateGenerated(500, 20, 1_000, seed: 7).Directory;
        var second = SandboxGraphEmulator.CreateGenerated(500, 20, 1_000, seed: 7).Directory;

        Assert.Equal(500, first.UserCount);
        Assert.Equal(20, first.GroupCount);
        Assert.Equal(1_000, first.Groups().Sum(g => g.MemberIds.Count));
        Assert.Equal(first.Users().Select(u => u.Id), second.Users().Select(u => u.Id));
        Assert.Equal(first.Groups().Select(g => g.MemberIds.Count), second.Groups().Select(g => g.MemberIds.Count));
    }

    [Fact]
    public void CreateDemo_SeedsSameDirectory_EveryTime()
    {
        var first = SandboxGraphEmulator.CreateDemo().Directory;
        var second = SandboxGraphEmulator.CreateDemo().Directory;

        Assert.Equal(200, first.UserCount);
        Assert.Equal(15, first.GroupCount);
        Assert.Equal(first.Users().Select(u => (u.Id, u.DisplayName)), second.Users().Select(u => (u.Id, u.DisplayName)));
        Assert.Contains(first.Users(), u => u.DisplayName!.Any(c => c > 127));
        Assert.All(first.Users(), u => Assert.True(u.UserPrincipalName!.All(char.IsAscii)));
        var roles = first.Assignments(SandboxDemoIds.GoToServicePrincipalId).Select(a => a.AppRoleId).ToHashSet();
        Assert.Contains(SandboxDemoIds.DefaultAccessRoleId, roles);
        Assert.Contains(SandboxDemoIds.GoToUserRoleId, roles);
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, SandboxGraphServer server, string clientId, string secret) =>
        http.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = $"{server.Address}/.default",
        }), TestContext.Current.CancellationToken);
}
