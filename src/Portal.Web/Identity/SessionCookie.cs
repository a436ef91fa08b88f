using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Portal.Web.Identity;

/// <summary>The portal's session cookie: where challenges and refusals go, and the per-request session check.</summary>
internal static class SessionCookie
{
    public const string Name = "portal.session";

    public static void Configure(CookieAuthenticationOptions options, bool development)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        // Lax, not Strict: the OpenID Connect answer is a cross-site form post that must find the session afterwards.
        options.Cookie.SameSite = SameSiteMode.Lax;
        // The embedded default runs on plain http in Development; everywhere else the session travels over https only.
        options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.LoginPath = PortalIdentitySetup.SignInPath;
        options.AccessDeniedPath = PortalIdentitySetup.AccessDeniedPath;
        options.ReturnUrlParameter = "returnUrl";
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.Events.OnValidatePrincipal = ValidateAsync;
        options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        if (context.Principal is null || !await validator.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    // People navigating get a page; scripts and API clients get the status code they can act on.
    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
