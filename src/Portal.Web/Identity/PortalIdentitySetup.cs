using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Identity.Web;
using Portal.Web.Api;
using Portal.Web.Audit;

namespace Portal.Web.Identity;

internal static class PortalIdentitySetup
{
    public const string AccessDeniedPath = "/account/access-denied";
    public const string SignInPath = "/account/signin";

    /// <summary>
    /// Cookie sessions; Microsoft Entra sign-in (Identity.Web, OpenID Connect code flow) when <c>AzureAd:ClientId</c>
    /// is set; the portal's policies; tenant resolution per request and circuit; the audit log.
    /// </summary>
    public static IdentitySettings AddPortalIdentity(this IHostApplicationBuilder builder)
    {
        var settings = IdentitySettings.FromConfiguration(builder.Configuration, builder.Environment);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SignedOutSessions>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<PortalSignIn>();
        services.AddScoped<SessionValidator>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQuery>();
        services.AddScoped<DownloadAudit>();
        services.AddScoped<RoleAssignmentService>();
        services.AddScoped<TenantOnboarding>();
        services.AddScoped<TenantOffboarding>();
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();
        services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
        services.AddCascadingAuthenticationState();

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            // Challenges go to /account/signin, which picks Entra or the dev sign-in and keeps the return URL local.
            o.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        });
        if (settings.OpenIdConnectConfigured)
        {
            authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"),
                OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, OpenIdConnectEvents.Attach);
        }
        else
        {
            authentication.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme);
        }

        // Scripts call /api/v1 with a tenant's API key; only those endpoints name this scheme.
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var development = builder.Environment.IsDevelopment();
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o => SessionCookie.Configure(o, development));
        services.AddPortalPolicies();
        return settings;
    }

    /// <summary>The portal's three policies; pages, endpoints and the nav menu all name them.</summary>
    public static AuthorizationBuilder AddPortalPolicies(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.Operator, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Operator))
            .AddPolicy(PortalPolicies.TenantAdmin, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaimTypes.TenantId)
                .RequireRole(PortalRoles.TenantAdmin, PortalRoles.Operator))
            .AddPolicy(PortalPolicies.HelpDesk, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaimTypes.TenantId)
                .RequireRole(PortalRoles.HelpDesk, PortalRoles.TenantAdmin, PortalRoles.Operator));
}
