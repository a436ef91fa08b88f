namespace Portal.Web.Identity;

/// <summary>Why a sign-in was refused; each has a page at <c>/account/problem/{slug}</c> that says what to do.</summary>
public enum SignInRefusal
{
    MissingTenant,
    MissingObjectId,
    UnregisteredDirectory,
    NotDirectoryAdmin,
    TenantInactive,
    UserDisabled,
    NoPortalRole,
    SignInFailed,
    SignInNotConfigured,
}

public static class SignInRefusalSlugs
{
    private static readonly Dictionary<SignInRefusal, string> Slugs = new()
    {
        [SignInRefusal.MissingTenant] = "missing-tenant",
        [SignInRefusal.MissingObjectId] = "missing-object-id",
        [SignInRefusal.UnregisteredDirectory] = "unregistered-directory",
        [SignInRefusal.NotDirectoryAdmin] = "not-directory-admin",
        [SignInRefusal.TenantInactive] = "tenant-inactive",
        [SignInRefusal.UserDisabled] = "user-disabled",
        [SignInRefusal.NoPortalRole] = "no-portal-role",
        [SignInRefusal.SignInFailed] = "sign-in-failed",
        [SignInRefusal.SignInNotConfigured] = "sign-in-not-configured",
    };

    public static string Slug(this SignInRefusal refusal) => Slugs[refusal];

    public static string ProblemPath(this SignInRefusal refusal) => "/account/problem/" + refusal.Slug();

    public static SignInRefusal? FromSlug(string? slug) =>
        Slugs.FirstOrDefault(p => string.Equals(p.Value, slug, StringComparison.OrdinalIgnoreCase)) is { Value: not null } hit
            ? hit.Key
            : null;
}
