using System.Security.Cryptography;

namespace Portal.Web.Hosting.Hardening;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows only the portal's own scripts, plus inline
/// scripts carrying the per-request nonce (Blazor's import map); MudBlazor sets inline styles, so styles allow
/// 'unsafe-inline', which cannot run code. The Hangfire dashboard (operators only) ships inline scripts of its own.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, string signInAuthority)
{
    private const string NonceKey = "portal.csp-nonce";

    /// <summary>The nonce of this request's inline scripts, for the App component.</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;

    public Task InvokeAsync(HttpContext context)
    {
        // Hex, not base64: Razor would entity-encode a "+" in the attribute.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy(nonce, context.Request.Path.StartsWithSegments(HangfireDashboardPath));
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    private const string HangfireDashboardPath = "/hangfire";

    private string Policy(string nonce, bool dashboard)
    {
        var scripts = dashboard ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
        // Signing out posts a form whose answer redirects to the identity provider's sign-out page.
        var formTargets = signInAuthority.Length == 0 ? "'self'" : $"'self' {signInAuthority}";
        return $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + $"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action {formTargets}; "
            + "frame-ancestors 'none'";
    }
}
