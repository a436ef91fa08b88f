using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Sandbox.Graph;

/// <summary>URL forms the SDK and the docs use (<c>delta()</c>, <c>servicePrincipals(appId='…')</c>, casts).</summary>
public sealed class SandboxGraphPathTests
{
    [Fact]
    public async Task Delta_WithParentheses_PagesToADeltaLink()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { DeltaPageSize = 64 });
        await using var server = await SandboxGraphServer.StartAsync(emulator, cancellationToken: TestContext.Current.CancellationToken);
        using var http = await AuthorizedClientAsync(server);
        var link = $"{server.BaseUrl}/users/delta()?%24select=displayName";
        var seen = 0;
        var pages = 0;
        string? deltaLink = null;
        while (deltaLink is null)
        {
            using var page = await http.GetFromJsonAsync<JsonDocument>(link, TestContext.Current.CancellationToken);
            seen += page!.RootElement.GetProperty("value").GetArrayLength();
            pages++;
            deltaLink = page.RootElement.TryGetProperty("@odata.deltaLink", out var d) ? d.GetString() : null;
            link = deltaLink ?? page.RootElement.GetProperty("@odata.nextLink").GetString()!;
            Assert.StartsWith(server.BaseUrl, link, StringComparison.Ordinal);
        }

        Assert.Equal(200, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task GraphPaths_AnswerLikeGraph_ForAppIdKeysCastsAndManager()
    {
        await using var server = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: TestContext.Current.CancellationToken);
        using var http = await AuthorizedClientAsync(server);
        var ct = TestContext.Current.CancellationToken;
        var directory = server.Emulator.Directory;
        var withManager = directory.Users().First(u => u.ManagerId is not null);
        var engineering = directory.Groups().Single(g => g.DisplayName == "Engineering");

        using var sp = await http.GetFromJsonAsync<JsonDocument>($"{server.BaseUrl}/servicePrincipals(appId='{SandboxDemoIds.GoToAppId}')", ct);
        using var manager = await http.GetFromJsonAsync<JsonDocument>($"{server.BaseUrl}/users/{withManager.Id}/manager", ct);
        using var transitive = await http.GetFromJsonAsync<JsonDocument>($"{server.BaseUrl}/groups/{engineering.Id}/transitiveMembers/microsoft.graph.user", ct);
        using var tooBig = await http.GetAsync($"{server.BaseUrl}/users?$top=1000", ct);

        Assert.Equal(SandboxDemoIds.GoToServicePrincipalId, sp!.RootElement.GetProperty("id").GetString());
        Assert.Equal(3, sp.RootElement.GetProperty("appRoles").GetArrayLength());
        Assert.Equal(withManager.ManagerId, manager!.RootElement.GetProperty("id").GetString());
        var types = transitive!.RootElement.GetProperty("value").EnumerateArray().Select(m => m.GetProperty("@odata.type").GetString()).ToList();
        Assert.True(types.Count > engineering.MemberIds.Count - 2);
        Assert.All(types, t => Assert.Equal("#microsoft.graph.user", t));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }

    private static async Task<HttpClient> AuthorizedClientAsync(SandboxGraphServer server)
    {
        var http = new HttpClient();
        using var response = await http.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SandboxDemoIds.ClientId,
            ["client_secret"] = SandboxDemoIds.ClientSecret,
            ["scope"] = $"{server.Address}/.default",
        }), TestContext.Current.CancellationToken);
        using var token = await response.Content.ReadFromJsonAsync<JsonDocument>(TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.RootElement.GetProperty("access_token").GetString());
        return http;
    }
}
