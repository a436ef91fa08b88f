using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// An open Blazor circuit re-checks its user every revalidation interval, through the host's own authentication state
/// provider and circuit handler: when the portal takes the role away, disables the user or the session signs out in
/// another tab, the circuit's state turns anonymous and its tenant is cleared, so the open page can read nothing more
/// (the router then shows the sign-in redirect).
/// </summary>
public sealed partial class CircuitRevalidationTests
{
    public enum Change { RoleRemoved, UserDisabled, SignedOut }

    [Theory]
    [InlineData(Change.RoleRemoved)]
    [InlineData(Change.UserDisabled)]
    [InlineData(Change.SignedOut)]
    public async Task Circuit_IsSignedOutAndLosesItsTenant_WhenTheSessionIsNoLongerValid(Change change)
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Identity:RevalidationInterval"] = "00:00:00.200";
        var ct = TestContext.Current.CancellationToken;
        var tenant = await app.AddTenantAsync("Contoso");
        var user = await app.AddUserAsync(tenant.Id, "adele@contoso.example", PortalRoles.TenantAdmin, PortalRoles.HelpDesk);
        var cookie = await app.CreateSessionCookieAsync(user.Id, null);
        var principal = Unprotect(app, cookie);

        // A circuit as Blazor opens one: the state from the request's user, then the circuit handlers.
        await using var circuit = app.Services.CreateAsyncScope();
        var authentication = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        foreach (var handler in circuit.ServiceProvider.GetServices<CircuitHandler>())
        {
            await handler.OnCircuitOpenedAsync(null!, ct);
        }

        var currentUser = circuit.ServiceProvider.GetRequiredService<CurrentUser>();
        Assert.Equal(tenant.Id, currentUser.TenantId);
        await Task.Delay(TimeSpan.FromMilliseconds(600), ct);
        Assert.True(await IsSignedInAsync(authentication), "a valid session must survive revalidation");

        switch (change)
        {
            case Change.RoleRemoved:
                await using (var db = app.CreateContext(tenant.Id))
                {
                    // The portal's stored assignment changes; HelpDesk alone is still a role, but not the one the session holds.
                    var stored = await db.PortalUsers.SingleAsync(u => u.Id == user.Id, ct);
                    stored.Roles = [PortalRoles.HelpDesk];
                    await db.SaveChangesAsync(ct);
                }

                break;
            case Change.UserDisabled:
                await using (var db = app.CreateContext(tenant.Id))
                {
                    (await db.PortalUsers.SingleAsync(u => u.Id == user.Id, ct)).IsDisabled = true;
                    await db.SaveChangesAsync(ct);
                }

                break;
            default:
                // Sign-out in another tab of the same session, through the real endpoint.
                await SignOutInAnotherTabAsync(app, cookie, ct);

                break;
        }

        // The circuit's state turns anonymous first; the user and tenant follow from its change event, a moment later.
        var tenantContext = circuit.ServiceProvider.GetRequiredService<TenantContext>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await IsSignedInAsync(authentication) || currentUser.User is not null || tenantContext.TenantId is not null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.False(await IsSignedInAsync(authentication), "the circuit must be signed out at its next revalidation");
        Assert.Null(currentUser.User);
        Assert.Null(tenantContext.TenantId);
    }

    private static async Task<bool> IsSignedInAsync(AuthenticationStateProvider provider) =>
        (await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated == true;

    private static ClaimsPrincipal Unprotect(PortalApplication app, string cookie) =>
        app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme)
            .TicketDataFormat.Unprotect(cookie)!.Principal;

    // The tab holds the same session cookie; the sign-out form's anti-forgery token comes from a page it renders.
    private static async Task SignOutInAnotherTabAsync(PortalApplication app, string cookie, CancellationToken ct)
    {
        var site = new Uri("https://localhost");
        var cookies = new CookieContainer();
        cookies.Add(site, new Cookie(SessionCookie.Name, cookie));
        using var tab = app.CreateDefaultClient(site, new CookieContainerHandler(cookies));
        tab.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await tab.GetStringAsync("/", ct);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "the page has no sign-out form");
        var response = await tab.PostAsync("/account/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token.Groups["value"].Value)]), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
