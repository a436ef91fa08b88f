using Portal.Data.Tenancy;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Account;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

/// <summary>
/// The dev sign-in: pick a seeded user and a role, no identity provider needed. Mapped only when
/// <see cref="IdentitySettings.DevSignIn"/> is on (Development, or tests), so elsewhere the route does not exist.
/// </summary>
internal static class AccountDevSignInEndpoints
{
    public const string Path = "/account/dev-signin";

    public static IEndpointRouteBuilder MapAccountDevSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IdentitySettings>().DevSignIn)
        {
            return endpoints;
        }

        var dev = endpoints.MapGroup(Path).AllowAnonymous().RequireRateLimiting(WebHardeningSetup.SignInPolicy);
        dev.MapGet("/", ShowAsync);
        dev.MapPost("/", SignInAsync);
        return endpoints;
    }

    private static async Task<RazorComponentResult<DevSignInPage>> ShowAsync(string? returnUrl, TenantDbContexts contexts, CancellationToken ct)
    {
        await using var db = contexts.ForSystem();
        var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.DisplayName, ct);
        var users = await db.AcrossAllTenants<PortalUser>().AsNoTracking()
            .Where(u => u.ObjectId != null).OrderBy(u => u.UserPrincipalName).ToListAsync(ct);
        var choices = users
            .Select(u => new DevSignInPage.UserChoice(u.Id, $"{tenants.GetValueOrDefault(u.TenantId)} — {u.DisplayName} ({u.UserPrincipalName}) · {string.Join(", ", u.Roles)}{(u.IsDisabled ? " · disabled" : "")}"))
            .ToList();
        return new RazorComponentResult<DevSignInPage>(new { Users = choices, ReturnUrl = LocalReturnUrl.OrRoot(returnUrl) });
    }

    private static async Task<IResult> SignInAsync([FromForm] Guid userId, [FromForm] string? role, [FromForm] string? returnUrl,
        HttpContext context, TenantDbContexts contexts, PortalSignIn signIn)
    {
        var ct = context.RequestAborted;
        if (!string.IsNullOrEmpty(role) && !PortalRoles.All.Contains(role))
        {
            return TypedResults.Problem($"Role '{role}' is not a portal role; choose one of {string.Join(", ", PortalRoles.All)}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var token = await DescribeAsync(contexts, userId, ct);
        if (token is null)
        {
            return TypedResults.Problem($"User '{userId}' does not exist.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await signIn.CompleteAsync(token, SignInMethod.Dev, string.IsNullOrEmpty(role) ? null : role, ct);
        if (result.User is not { } user)
        {
            return TypedResults.LocalRedirect(result.Refusal!.Value.ProblemPath());
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user.ToPrincipal());
        return TypedResults.LocalRedirect(LocalReturnUrl.OrRoot(returnUrl));
    }

    /// <summary>What Entra would put in the token of this user: their directory, object id and names.</summary>
    public static async Task<ClaimsPrincipal?> DescribeAsync(TenantDbContexts contexts, Guid userId, CancellationToken ct)
    {
        await using var db = contexts.ForSystem();
        var user = await db.AcrossAllTenants<PortalUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        var tenant = user is null ? null : await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == user.TenantId, ct);
        if (user?.ObjectId is null || tenant is null)
        {
            return null;
        }

        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(PortalClaimTypes.DirectoryId, tenant.DirectoryId),
            new Claim(PortalClaimTypes.ObjectId, user.ObjectId),
            new Claim(PortalClaimTypes.PreferredUserName, user.UserPrincipalName),
            new Claim(PortalClaimTypes.Name, user.DisplayName ?? user.UserPrincipalName),
        ], "Dev"));
    }
}
