using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Hosting;

public sealed partial class WebHardeningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Responses_CarrySecurityHeaders_OnPagesRedirectsAndEndpoints()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        using var admin = await app.CreateClientAsync(tenant.Id, PortalRoles.TenantAdmin);
        using var anonymous = app.CreateAnonymousClient();

        foreach (var response in new[]
        {
            await admin.GetAsync("/", Ct),
            await anonymous.GetAsync("/applications", Ct),
            await anonymous.GetAsync("/healthz", Ct),
            await anonymous.GetAsync("/app.css", Ct),
        })
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is for production only");
        }
    }

    [Fact]
    public async Task Page_InlineImportMap_CarriesTheNonceOfItsPolicy()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        using var admin = await app.CreateClientAsync(tenant.Id, PortalRoles.TenantAdmin);

        var response = await admin.GetAsync("/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        var nonce = NoncePattern().Match(Header(response, "Content-Security-Policy")).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline'; style", Header(response, "Content-Security-Policy").Split("script-src")[1].Split(';')[0], StringComparison.Ordinal);
        var second = await admin.GetAsync("/", Ct);
        Assert.DoesNotContain(nonce, Header(second, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_SendsHsts_AndMarksCookiesSecure()
    {
        await using var app = new PortalApplication { Environment = "Production" };
        using var client = app.CreateDefaultClient(new Uri("https://portal.contoso.test"));

        var response = await client.GetAsync("/healthz", Ct);

        Assert.Contains("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
        var session = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.Equal(CookieSecurePolicy.Always, session.Cookie.SecurePolicy);
        Assert.True(session.Cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, session.Cookie.SameSite);
        var antiforgery = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        Assert.Equal(CookieSecurePolicy.Always, antiforgery.Cookie.SecurePolicy);
        Assert.Equal(SameSiteMode.Strict, antiforgery.Cookie.SameSite);
    }

    [Fact]
    public async Task AntiforgeryCookie_IsHttpOnlyAndStrict_WhenAFormIsServed()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        await app.AddUserAsync(tenant.Id, "admin@contoso.test", PortalRoles.TenantAdmin);
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("/account/dev-signin", Ct);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignOut_IsRefused_WithoutAnAntiforgeryToken()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        using var admin = await app.CreateClientAsync(tenant.Id, PortalRoles.TenantAdmin);

        var response = await admin.PostAsync("/account/signout", new FormUrlEncodedContent([]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task DevSignIn_IsRefused_WithoutAnAntiforgeryToken()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        var user = await app.AddUserAsync(tenant.Id, "admin@contoso.test", PortalRoles.TenantAdmin);
        using var client = app.CreateAnonymousClient();

        var response = await client.PostAsync("/account/dev-signin", new FormUrlEncodedContent([new("userId", user.Id.ToString())]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(SessionCookie.Name, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_Answers429_WhenOneAddressExceedsTheLimit()
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Hardening:SignInPerMinute"] = "3";
        using var client = app.CreateAnonymousClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/account/signin", Ct)).StatusCode);
        }

        Assert.All(statuses.Take(3), s => Assert.Equal(HttpStatusCode.Redirect, s));
        var refused = await client.GetAsync("/account/dev-signin", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);
    }

    [Fact]
    public async Task OpenIdConnectCallback_IsRateLimited_LikeSignIn()
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Hardening:SignInPerMinute"] = "2";
        using var client = app.CreateAnonymousClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/signin-oidc", new FormUrlEncodedContent([]), Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/signin-oidc", new FormUrlEncodedContent([]), Ct)).StatusCode);
    }

    [Fact]
    public async Task Request_Answers413_WhenTheBodyExceedsTheLimit()
    {
        await using var app = new PortalApplication();
        using var client = app.CreateAnonymousClient();
        var huge = new ByteArrayContent(new byte[(1024 * 1024) + 1]);
        huge.Headers.ContentType = new("application/x-www-form-urlencoded");

        var response = await client.PostAsync("/account/dev-signin", huge, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} has no {name} header.");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePattern();
}
