using Portal.Data.Secrets;

namespace Portal.Data.Entities;

/// <summary>A directory (Entra ID tenant) hosted by this deployment.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The directory id, i.e. the <c>tid</c> claim of its users' tokens.</summary>
    public required string DirectoryId { get; set; }

    public required string DisplayName { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Optional second recipient of failure notifications (the tenant's help desk).</summary>
    public string? HelpDeskEmail { get; set; }

    /// <summary>How the portal reads this directory through Microsoft Graph (app-only, client credentials).</summary>
    public DirectoryConnection Directory { get; set; } = new();

    /// <summary>Optional webhook receiving every notification of the tenant as signed JSON.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>HMAC-SHA256 key of the webhook signature header.</summary>
    public ProtectedSecret? WebhookSecret { get; set; }
}
