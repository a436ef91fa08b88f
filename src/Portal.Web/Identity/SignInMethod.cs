namespace Portal.Web.Identity;

/// <summary>How a session was started; the dev sign-in never exists outside Development and tests.</summary>
public enum SignInMethod
{
    OpenIdConnect,
    Dev,

    /// <summary>No session: one API request with a tenant's API key.</summary>
    ApiKey,
}
