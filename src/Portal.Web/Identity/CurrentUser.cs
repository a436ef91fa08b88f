using System.Security.Claims;
using Portal.Data.Tenancy;

namespace Portal.Web.Identity;

/// <summary>
/// The user of the current request or Blazor circuit (scoped). Filled once per request by the tenant middleware and
/// once per circuit by <see cref="TenantCircuitHandler"/>, together with the <see cref="TenantContext"/> the
/// DbContext reads, so every page and service of the scope sees the same tenant.
/// </summary>
public sealed class CurrentUser(TenantContext tenantContext)
{
    /// <summary>The signed-in user, or null when anonymous.</summary>
    public SignedInUser? User { get; private set; }

    /// <summary>The portal tenant the user acts for (an operator's switched tenant), or null when anonymous.</summary>
    public Guid? TenantId => User?.TenantId;

    public bool IsInRole(string role) => User?.Roles.Contains(role) == true;

    /// <summary>A tenant admin who signed in: an API key acts with help desk's reach and never changes settings.</summary>
    public bool IsSignedInAdmin => User is { IsAdmin: true } && User.Method != SignInMethod.ApiKey;

    public void Set(ClaimsPrincipal? principal)
    {
        User = SignedInUser.From(principal);
        tenantContext.TenantId = User?.TenantId;
    }
}
