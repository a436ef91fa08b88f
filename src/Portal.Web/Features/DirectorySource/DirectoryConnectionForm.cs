namespace Portal.Web.Features.DirectorySource;

/// <summary>The tenant's Graph connection as the form holds it; the stored client secret is never loaded into it.</summary>
public sealed class DirectoryConnectionForm
{
    /// <summary>The directory (tenant) id the admin signed in with; not editable.</summary>
    public string DirectoryId { get; set; } = "";

    public string? ClientId { get; set; }

    /// <summary>A new client secret typed by the admin; empty keeps the stored one.</summary>
    public string? NewClientSecret { get; set; }

    /// <summary>Whether a client secret is stored (the form shows "set — replace", never the value).</summary>
    public bool ClientSecretSet { get; set; }

    public string CloudId { get; set; } = DirectoryCloud.Global.Id;

    /// <summary>Whether the tenant is connected to the built-in Graph emulator, which is then offered as a cloud.</summary>
    public bool OnEmulator { get; set; }

    /// <summary>Read-only: Graph's change notifications for the tenant (until when, why subscribing failed, the last one).</summary>
    public DateTimeOffset? ChangesSubscribedUntil { get; set; }

    public string? ChangeSubscriptionProblem { get; set; }

    public DateTimeOffset? LastChangeNotificationAt { get; set; }

    /// <summary>Read-only: when the stored client secret ends, as its app registration listed it when last read (then).</summary>
    public DateTimeOffset? ClientSecretExpiresAt { get; set; }

    public DateTimeOffset? ClientSecretReadAt { get; set; }
}

/// <summary>A refused directory setting; <see cref="Field"/> is the label of the field to correct.</summary>
public sealed class DirectoryConnectionException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
