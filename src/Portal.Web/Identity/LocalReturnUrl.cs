namespace Portal.Web.Identity;

/// <summary>The open-redirect guard: only paths of this site are followed after sign-in or sign-out.</summary>
public static class LocalReturnUrl
{
    /// <summary><paramref name="returnUrl"/> when it is a local path, else <c>/</c>.</summary>
    public static string OrRoot(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : "/";

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        // "//host" and "/\host" are protocol-relative to browsers; "/%2f…" and "/%5c…" decode to them on some servers.
        && !(url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        && !url.StartsWith("/%2f", StringComparison.OrdinalIgnoreCase)
        && !url.StartsWith("/%5c", StringComparison.OrdinalIgnoreCase)
        && !url.Any(char.IsControl);
}
