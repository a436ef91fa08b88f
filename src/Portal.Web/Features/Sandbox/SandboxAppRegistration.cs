using Portal.Sandbox.Graph;
using Portal.Web.Identity;
using Portal.Web.Notifications;

namespace Portal.Web.Features.Sandbox;

/// <summary>
/// The demo tenant's app registration, the one the portal reads the sandbox directory with: its client secret's end
/// date can be moved, so the portal's warnings of a secret that ends are seen without waiting months. Registered only
/// when the sandbox is on.
/// </summary>
public sealed class SandboxAppRegistration(SandboxGraphEmulator emulator, ClientSecretExpiryCheck check, CurrentUser user)
{
    public DateTimeOffset? SecretEndsAt => emulator.Directory.FindClient(SandboxDemoIds.ClientId)?.SecretExpiresAt;

    /// <summary>Moves the end date (at midnight UTC), then has the portal read it at once, as its daily check would; true when that warned.</summary>
    public async Task<bool> SetSecretEndAsync(DateOnly endsOn, CancellationToken cancellationToken = default)
    {
        var client = emulator.Directory.FindClient(SandboxDemoIds.ClientId)
            ?? throw new InvalidOperationException("The sandbox directory has no portal app registration.");
        emulator.Directory.RegisterClient(client with { SecretExpiresAt = new DateTimeOffset(endsOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) });
        return user.TenantId is { } tenantId && await check.CheckAsync(tenantId, cancellationToken);
    }
}
