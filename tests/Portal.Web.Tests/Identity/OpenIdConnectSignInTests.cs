using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// Sign-in through the real Identity.Web OpenID Connect handler against a real provider on loopback: redirect to the
/// provider, form_post back, code redeemed over HTTP, ID token validated, portal cookie issued.
/// </summary>
public sealed partial class OpenIdConnectSignInTests : IAsyncLifetime
{
    private TestIdentityProvider _provider = null!;
    private PortalApplication _app = null!;
    private Tenant _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync();
        _app = new PortalApplication();
        foreach (var (key, value) in _provider.PortalSettings())
        {
            _app.Settings[key] = value;
        }

        // Loopback HTTP instead of login.microsoftonline.com over HTTPS: the concession to the test provider. Issuer
        // validation stays Identity.Web's multi-tenant validator (AadIssuerValidator), which checks each token's issuer
        // against the {tenantid} template filled with that token's tid. It fetches the template from the metadata over
        // HTTPS only, so here it is given the template the provider's metadata publishes.
        _app.ConfigureServices = services => services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
        {
            o.RequireHttpsMetadata = false;
            o.TokenValidationParameters.ValidIssuers = [_provider.IssuerTemplate];
        });
        _tenant = await _app.AddTenantAsync("Contoso");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_IssuesCookieWithTenantAndRoles_WhenProviderSignsInAnAdminOfARegisteredDirectory()
    {
        _provider.NextIdentity = new TestIdentity(_tenant.DirectoryId, Guid.NewGuid().ToString(), "megan@contoso.example",
            PortalRoles.TenantAdmin, "Portal.NotARole");

        var (client, landing) = await SignInAsync("/role-assignments");

        Assert.Equal("/role-assignments", landing);
        var page = await client.GetAsync("/role-assignments", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("megan@contoso.example", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await using var db = _app.CreateContext(_tenant.Id);
        var user = await db.PortalUsers.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(_provider.NextIdentity.ObjectId, user.ObjectId);
        Assert.Empty(user.Roles); // the app role stays in the token; nothing was assigned in the portal
        Assert.Equal("Admin sign-in", (await db.AuditEvents.SingleAsync(TestContext.Current.CancellationToken)).Activity);
    }

    [Fact]
    public async Task SignIn_ClaimsInvitation_WhenInvitedAdminSignsInWithoutAppRole()
    {
        await using (var db = _app.CreateContext(_tenant.Id))
        {
            db.PortalUsers.Add(new PortalUser { UserPrincipalName = "first.admin@contoso.example", Roles = [PortalRoles.TenantAdmin] });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        _provider.NextIdentity = new TestIdentity(_tenant.DirectoryId, Guid.NewGuid().ToString(), "First.Admin@contoso.example");
        var (client, _) = await SignInAsync("/audit");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/audit", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("unregistered", "/account/problem/unregistered-directory")]
    [InlineData("no-tid", "/account/problem/missing-tenant")]
    [InlineData("unknown-role", "/account/problem/no-portal-role")]
    public async Task SignIn_ShowsProblemPageAndWritesNothing_WhenTokenCannotBeUsed(string kind, string expectedPage)
    {
        _provider.NextIdentity = kind switch
        {
            "unregistered" => new TestIdentity(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "x@fabrikam.example", PortalRoles.TenantAdmin),
            "no-tid" => new TestIdentity(null, Guid.NewGuid().ToString(), "x@contoso.example", PortalRoles.TenantAdmin),
            _ => new TestIdentity(_tenant.DirectoryId, Guid.NewGuid().ToString(), "x@contoso.example", "Portal.SuperUser"),
        };

        var (client, landing) = await SignInAsync("/");

        Assert.Equal(expectedPage, landing);
        await AssertSignedOutAndNothingWrittenAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task SignIn_ShowsProblemPageAndWritesNothing_WhenThePortalUserIsDisabled()
    {
        var objectId = Guid.NewGuid().ToString();
        await using (var db = _app.CreateContext(_tenant.Id))
        {
            db.PortalUsers.Add(new PortalUser { ObjectId = objectId, UserPrincipalName = "gone@contoso.example", Roles = [PortalRoles.TenantAdmin], IsDisabled = true });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // The token still carries an app role: disabling the user in the portal wins over it.
        _provider.NextIdentity = new TestIdentity(_tenant.DirectoryId, objectId, "gone@contoso.example", PortalRoles.TenantAdmin);
        var (client, landing) = await SignInAsync("/audit");

        Assert.Equal("/account/problem/user-disabled", landing);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing, TestContext.Current.CancellationToken)).StatusCode);
        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.StartsWith("/account/signin", PathOf(home.Headers.Location!), StringComparison.Ordinal);
        await using var check = _app.CreateContext(_tenant.Id);
        Assert.Null((await check.PortalUsers.SingleAsync(TestContext.Current.CancellationToken)).LastSignInAt);
        Assert.Empty(await check.AuditEvents.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(TokenDefect.Tampered)]
    [InlineData(TokenDefect.Expired)]
    [InlineData(TokenDefect.ForeignIssuer)]
    public async Task SignIn_RefusesToken_WhenIdTokenIsTamperedExpiredOrFromAnotherIssuer(TokenDefect defect)
    {
        _provider.NextIdentity = new TestIdentity(_tenant.DirectoryId, Guid.NewGuid().ToString(), "x@contoso.example", PortalRoles.TenantAdmin);
        _provider.Defect = defect;

        var (client, landing) = await SignInAsync("/");

        Assert.Equal("/account/problem/sign-in-failed", landing);
        await AssertSignedOutAndNothingWrittenAsync(client);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/%2fevil.example")]
    public async Task SignIn_ReturnsToRoot_WhenReturnUrlIsNotLocal(string returnUrl)
    {
        _provider.NextIdentity = new TestIdentity(_tenant.DirectoryId, Guid.NewGuid().ToString(), "x@contoso.example", PortalRoles.HelpDesk);

        var (_, landing) = await SignInAsync(returnUrl);

        Assert.Equal("/", landing);
    }

    private async Task AssertSignedOutAndNothingWrittenAsync(HttpClient client)
    {
        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/signin", PathOf(home.Headers.Location!), StringComparison.Ordinal);
        await using var db = _app.CreateContext();
        Assert.Equal(0, await db.AcrossAllTenants<PortalUser>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.AcrossAllTenants<AuditEvent>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await db.Tenants.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Plays the browser: follows the redirect to the provider, submits its form_post back to the portal.</summary>
    private async Task<(HttpClient Client, string Landing)> SignInAsync(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        var portal = _app.CreateDefaultClient(new Uri(TestIdentityProvider.PortalOrigin), new CookieContainerHandler());
        portal.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var challenge = await portal.GetAsync("/account/signin?returnUrl=" + Uri.EscapeDataString(returnUrl), ct);
        Assert.True(challenge.StatusCode == HttpStatusCode.Redirect, await challenge.Content.ReadAsStringAsync(ct));
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(_provider.Instance + "organizations/v2.0/oauth2/v2.0/authorize", authorize.AbsoluteUri, StringComparison.Ordinal);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var providerPage = await browser.GetAsync(authorize, ct);
        var html = await providerPage.Content.ReadAsStringAsync(ct);
        Assert.True(providerPage.IsSuccessStatusCode, html);
        var form = FormPostAction().Match(html);
        Assert.True(form.Success, html);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

        var callback = await portal.PostAsync(new Uri(WebUtility.HtmlDecode(form.Groups["action"].Value)).PathAndQuery, new FormUrlEncodedContent(fields), ct);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return (portal, PathOf(callback.Headers.Location!));
    }

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormPostAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
