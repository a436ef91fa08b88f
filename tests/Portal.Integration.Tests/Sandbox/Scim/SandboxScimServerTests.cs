using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Sandbox.Scim;

/// <summary>The strict sandbox target over raw HTTP: what it accepts, what it refuses and what it shows about itself.</summary>
public sealed class SandboxScimServerTests : IAsyncLifetime
{
    private const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    private readonly HttpClient _http = new();
    private SandboxScimServer? _server;

    private SandboxScimServer Server => _server!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        foreach (var (name, title, active) in new[] { ("ann@contoso.com", "Engineer", true), ("bob@contoso.com", (string?)null, false), ("ann.lee@fabrikam.com", "Manager", true) })
        {
            var user = new JsonObject { ["schemas"] = new JsonArray(User), ["userName"] = name, ["active"] = active };
            if (title is not null)
            {
                user["title"] = title;
            }

            Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/Users", user)).Status);
        }
    }

    [Theory]
    [InlineData("userName eq \"ANN@contoso.com\"", 1)]
    [InlineData("userName co \"contoso\"", 2)]
    [InlineData("userName sw \"ann\"", 2)]
    [InlineData("title pr", 2)]
    [InlineData("userName sw \"ann\" and title eq \"Manager\"", 1)]
    [InlineData("title eq \"Manager\" or active eq false", 2)]
    public async Task List_AppliesEachFilterOperator(string filter, int expected)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"/Users?filter={Uri.EscapeDataString(filter)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, body!["totalResults"]!.GetValue<int>());
        Assert.Equal(expected, body["Resources"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_Answers400InvalidFilter_WhenTheFilterDoesNotParse()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"/Users?filter={Uri.EscapeDataString("userName eq")}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalidFilter", body!["scimType"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_PagesWithStartIndexAndCount()
    {
        var (_, body) = await SendAsync(HttpMethod.Get, "/Users?startIndex=3&count=2");

        Assert.Equal((3, 3, 1), (body!["totalResults"]!.GetValue<int>(), body["startIndex"]!.GetValue<int>(), body["Resources"]!.AsArray().Count));
    }

    [Fact]
    public async Task Post_Answers409Uniqueness_WhenUserNameIsTaken()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/Users", new JsonObject { ["schemas"] = new JsonArray(User), ["userName"] = "Ann@Contoso.com" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("uniqueness", body!["scimType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"title","value":"X"}]}""", "Unsupported op 'Replace'")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":"False"}]}""", "active must be a JSON boolean")]
    [InlineData("""{"Operations":[{"op":"replace","path":"title","value":"X"}]}""", "PatchOp message")]
    public async Task Patch_RefusesWhatRfc7644DoesNotAllow_InStrictMode(string patch, string message)
    {
        var id = await IdOfAsync("ann@contoso.com");

        var (status, body) = await SendAsync(HttpMethod.Patch, $"/Users/{id}", JsonNode.Parse(patch));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_Answers412_WhenIfMatchIsStale()
    {
        var id = await IdOfAsync("ann@contoso.com");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{Server.ScimBaseUrl}/Users/{id}")
        {
            Content = new StringContent("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"X"}]}""",
                Encoding.UTF8, "application/scim+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"0\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _http.SendAsync(request, Ct)).StatusCode);
    }

    [Fact]
    public async Task Scim_Answers401_WithoutTheDemoToken()
    {
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Server.ScimBaseUrl}/Users", Ct)).StatusCode);
    }

    [Fact]
    public async Task Inspection_ListsAccountsWithStatus_AndTheRequestLog()
    {
        using var anonymous = new HttpClient();
        var accounts = JsonNode.Parse(await anonymous.GetStringAsync($"{Server.ScimBaseUrl}/_sandbox/accounts", Ct))!;
        var requests = JsonNode.Parse(await anonymous.GetStringAsync($"{Server.ScimBaseUrl}/_sandbox/requests", Ct))!.AsArray();

        Assert.Equal("Strict", accounts["mode"]!.GetValue<string>());
        Assert.Equal(1, accounts["users"]!.AsArray().Count(u => u!["status"]!.GetValue<string>() == "Suspended"));
        Assert.Equal(3, requests.Count(r => r!["method"]!.GetValue<string>() == "POST"));
    }

    [Fact]
    public async Task InspectionPage_ShowsAccountsAndRequests_HtmlEncoded()
    {
        await SendAsync(HttpMethod.Post, "/Groups", new JsonObject { ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Group"), ["displayName"] = "<R&D>" });
        using var anonymous = new HttpClient();

        using var response = await anonymous.GetAsync($"{Server.ScimBaseUrl}/_sandbox/", Ct);
        var page = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<td>ann@contoso.com</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Suspended</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>&lt;R&amp;D&gt;</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>POST</td><td>/scim/Groups</td><td>201</td><td>Bearer</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxScimOptions.DemoToken, page, StringComparison.Ordinal);
    }

    private async Task<string> IdOfAsync(string userName)
    {
        var (_, body) = await SendAsync(HttpMethod.Get, $"/Users?filter={Uri.EscapeDataString($"userName eq \"{userName}\"")}");
        return body!["Resources"]![0]!["id"]!.GetValue<string>();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, Server.ScimBaseUrl + path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        }

        using var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
