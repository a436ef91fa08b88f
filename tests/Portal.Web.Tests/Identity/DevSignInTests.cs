using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

public sealed partial class DevSignInTests
{
    [Theory]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/role-assignments", "/role-assignments")]
    public async Task DevSignIn_RedirectsOnlyToLocalUrls_WhenFormPosted(string returnUrl, string expected)
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        var admin = await app.AddUserAsync(tenant.Id, "admin@contoso.example", PortalRoles.TenantAdmin);

        var (client, response) = await PostDevSignInAsync(app, admin.Id, "", returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/role-assignments", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task DevSignIn_ShowsProblemAndWritesNothing_WhenUserIsDisabled()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        var user = await app.AddUserAsync(tenant.Id, "gone@contoso.example", PortalRoles.TenantAdmin);
        await using (var db = app.CreateContext(tenant.Id))
        {
            (await db.PortalUsers.SingleAsync(TestContext.Current.CancellationToken)).IsDisabled = true;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (_, response) = await PostDevSignInAsync(app, user.Id, "", "/");

        Assert.Equal("/account/problem/user-disabled", response.Headers.Location!.OriginalString);
        await using var check = app.CreateContext(tenant.Id);
        Assert.Null((await check.PortalUsers.SingleAsync(TestContext.Current.CancellationToken)).LastSignInAt);
        Assert.Empty(await check.AuditEvents.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Session_IsRefused_WhenUserIsDisabledAfterSignIn()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        var user = await app.AddUserAsync(tenant.Id, "soon-gone@contoso.example", PortalRoles.TenantAdmin);
        using var client = await app.CreateClientAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/audit", TestContext.Current.CancellationToken)).StatusCode);

        await using (var db = app.CreateContext(tenant.Id))
        {
            (await db.PortalUsers.SingleAsync(TestContext.Current.CancellationToken)).IsDisabled = true;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var after = await client.GetAsync("/audit", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/signin", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevSignInRoute_DoesNotExist_WhenNotEnabled()
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Identity:DevSignIn"] = "false";
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("/account/dev-signin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<(HttpClient Client, HttpResponseMessage Response)> PostDevSignInAsync(PortalApplication app, Guid userId, string role, string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler());
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await client.GetStringAsync("/account/dev-signin?returnUrl=" + Uri.EscapeDataString(returnUrl), ct);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, page);
        var response = await client.PostAsync("/account/dev-signin", new FormUrlEncodedContent(
        [
            new(token.Groups["name"].Value, token.Groups["value"].Value),
            new("userId", userId.ToString()),
            new("role", role),
            new("returnUrl", returnUrl),
        ]), ct);
        return (client, response);
    }

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
