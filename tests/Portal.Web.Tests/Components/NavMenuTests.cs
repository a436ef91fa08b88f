using System.Reflection;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Web.Components.Layout;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components;

/// <summary>
/// The nav menu, rendered with the portal's real policies for a user of each role: it offers exactly the pages the
/// role may open, and each link's page demands a policy the role passes.
/// </summary>
public sealed class NavMenuTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public static TheoryData<string, string[]> Expected => new()
    {
        { PortalRoles.HelpDesk, ["/", "/applications", "/logs", "/helpdesk", "/notifications"] },
        { PortalRoles.TenantAdmin, ["/", "/applications", "/logs", "/helpdesk", "/notifications", "/settings/directory", "/role-assignments", "/audit", "/settings/api-keys"] },
        { PortalRoles.Operator, ["/", "/applications", "/logs", "/helpdesk", "/notifications", "/settings/directory", "/role-assignments", "/audit", "/settings/api-keys", "/settings/mail", "/tenants"] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task NavMenu_ShowsOnlyThePagesTheRoleMayOpen_ForEachRole(string role, string[] expected)
    {
        var user = TestPrincipals.Of(Guid.NewGuid(), role);
        var cut = Render(user);

        var links = cut.FindAll("a[href]").Select(a => "/" + a.GetAttribute("href")!.TrimStart('/')).ToList();

        Assert.Equal(expected.Order(), links.Order());
        var authorization = _context.Services.GetRequiredService<IAuthorizationService>();
        foreach (var link in links)
        {
            var policy = PagePolicy(link);
            Assert.True((await authorization.AuthorizeAsync(user, policy)).Succeeded, $"{role} is offered {link}, whose page demands {policy}");
        }
    }

    [Fact]
    public void NavMenu_ShowsNoPage_WhenNobodyIsSignedIn()
    {
        var cut = Render(new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.Empty(cut.FindAll("a[href]"));
    }

    private IRenderedComponent<NavMenu> Render(ClaimsPrincipal user)
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddPortalPolicies();
        // bUnit stands a placeholder in for authorization; the real service evaluates the portal's real policies.
        _context.Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        _context.Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        _context.Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationState(user));
        _context.Services.AddCascadingAuthenticationState();
        return _context.Render<NavMenu>();
    }

    // The policy the page's own [Authorize] names: the nav and the page must agree.
    private static string PagePolicy(string href)
    {
        var page = typeof(NavMenu).Assembly.GetTypes().SingleOrDefault(t => t.GetCustomAttributes<RouteAttribute>().Any(r => r.Template == href))
            ?? throw new InvalidOperationException($"No page at {href}");
        return page.GetCustomAttribute<AuthorizeAttribute>()?.Policy ?? throw new InvalidOperationException($"{href} names no policy");
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private sealed class FixedAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
