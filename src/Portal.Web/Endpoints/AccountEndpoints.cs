using Portal.Data.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class AccountEndpoints
{
    public const string SignedOutPath = "/account/signed-out";

    /// <summary>Sign-in, sign-out and the operators' tenant switch; replaces Microsoft.Identity.Web.UI's controller.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account");
        account.MapGet("/signin", SignIn).AllowAnonymous().RequireRateLimiting(WebHardeningSetup.SignInPolicy);
        // No form fields bind here, so anti-forgery is not implied: required explicitly against cross-site sign-out.
        account.MapPost("/signout", SignOutAsync).AllowAnonymous().RequireAntiforgeryToken();
        account.MapPost("/tenant", SwitchTenantAsync).RequireAuthorization(PortalPolicies.Operator);
        return endpoints;
    }

    private static IResult SignIn(string? returnUrl, IdentitySettings settings)
    {
        var local = LocalReturnUrl.OrRoot(returnUrl);
        if (settings.OpenIdConnectConfigured)
        {
            return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = local }, [OpenIdConnectDefaults.AuthenticationScheme]);
        }

        return settings.DevSignIn
            ? TypedResults.LocalRedirect(AccountDevSignInEndpoints.Path + "?returnUrl=" + Uri.EscapeDataString(local))
            : TypedResults.LocalRedirect(SignInRefusal.SignInNotConfigured.ProblemPath());
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, SignedOutSessions sessions, IdentitySettings settings)
    {
        // Ending the session id first means the cookie, if replayed, and every open circuit of it are refused too.
        var user = SignedInUser.From(context.User);
        if (user is not null)
        {
            sessions.End(user.SessionId);
        }

        var properties = new AuthenticationProperties { RedirectUri = SignedOutPath };
        return user?.Method == SignInMethod.OpenIdConnect && settings.OpenIdConnectConfigured
            ? TypedResults.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
            : await SignOutCookieAsync(context);
    }

    private static async Task<IResult> SignOutCookieAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(SignedOutPath);
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SwitchTenantAsync(
        [FromForm] Guid tenantId, [FromForm] string? returnUrl, HttpContext context, TenantDbContexts contexts)
    {
        await using var db = contexts.ForSystem();
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId && t.IsActive, context.RequestAborted);
        if (tenant is null || SignedInUser.From(context.User) is not { } user)
        {
            return TypedResults.Problem($"Tenant '{tenantId}' is not registered or not active.", statusCode: StatusCodes.Status400BadRequest);
        }

        var switched = user with { TenantId = tenant.Id };
        var current = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, switched.ToPrincipal(), current.Properties);
        return TypedResults.LocalRedirect(LocalReturnUrl.OrRoot(returnUrl));
    }
}
