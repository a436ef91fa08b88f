using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Features.Api;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// Authenticates an API request by its <c>Authorization: Bearer ptl_…</c> key: found by its prefix, compared by hash in
/// constant time, refused when revoked, expired or of an inactive tenant. The request then acts as the key's tenant with
/// help desk's reach, named in the audit log as the key. A cookie never authenticates the API, so no page can be made to
/// call it on a signed-in admin's behalf.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TenantDbContexts contexts, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Claim with the key's <see cref="ApiAccess"/>.</summary>
    public const string AccessClaim = "portal:api_access";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (ApiKeys.PrefixOf(token) is not { } prefix)
        {
            return AuthenticateResult.Fail("The bearer token is not a portal API key (they begin \"ptl_\").");
        }

        await using var db = contexts.ForSystem();
        var key = await db.AcrossAllTenants<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ApiKeys.HashOf(token)), Encoding.ASCII.GetBytes(key.Hash)))
        {
            return AuthenticateResult.Fail("The API key is not known.");
        }

        var now = time.GetUtcNow();
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == key.TenantId, Context.RequestAborted);
        var refusal = (key.RevokedAt, key.ExpiresAt <= now, tenant?.IsActive) switch
        {
            ({ } revoked, _, _) => $"The API key was revoked on {revoked:yyyy-MM-dd}.",
            (_, true, _) => $"The API key expired on {key.ExpiresAt:yyyy-MM-dd}; a tenant admin creates a new one under API keys.",
            (_, _, not true) => "The API key's tenant is not active.",
            _ => null,
        };
        if (refusal is not null)
        {
            return AuthenticateResult.Fail(refusal);
        }

        await NoteUseAsync(key, now);
        var user = new SignedInUser(key.Id, $"api-key:{key.Prefix}", $"API key '{key.Name}'", tenant!.DirectoryId, tenant.Id, tenant.Id,
            new HashSet<string> { PortalRoles.HelpDesk }, new HashSet<string>(), key.Id.ToString(), SignInMethod.ApiKey);
        var principal = user.ToPrincipal();
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AccessClaim, key.Access.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    // A 401 says why in words and in the header's standard form, never with a redirect to a sign-in page.
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var why = result.Failure?.Message ?? "Send an API key: Authorization: Bearer ptl_...";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // A header carries printable ASCII only (Kestrel refuses anything else); the body says it in full.
        var ascii = new string([.. why.Select(c => c is >= ' ' and <= '~' and not '"' ? c : '\'')]);
        Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{ascii}\"";
        await Response.WriteAsJsonAsync(new ApiError("unauthorized", why));
    }

    // To the minute: a script polling every few seconds does not write a row per request.
    private async Task NoteUseAsync(ApiKey key, DateTimeOffset now)
    {
        if (key.LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return;
        }

        await using var db = contexts.For(key.TenantId);
        await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
    }
}
