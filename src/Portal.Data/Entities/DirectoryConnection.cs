using Portal.Data.Secrets;

namespace Portal.Data.Entities;

/// <summary>Graph connection of a tenant; stored with the tenant row. Empty fields mean "not configured yet".</summary>
public sealed class DirectoryConnection
{
    public string? ClientId { get; set; }
    public ProtectedSecret? ClientSecret { get; set; }

    /// <summary>Authority host for sovereign clouds; null means the global cloud.</summary>
    public string? AuthorityHost { get; set; }

    /// <summary>Graph base URL; null means https://graph.microsoft.com/v1.0. The emulator sets its own.</summary>
    public string? GraphBaseUrl { get; set; }

    /// <summary>Token endpoint override; used by the offline Graph emulator.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>Until when Graph sends change notifications of users and groups (the last successful subscription's end).</summary>
    public DateTimeOffset? ChangesSubscribedUntil { get; set; }

    /// <summary>Why the last attempt to subscribe failed; cleared by the next success.</summary>
    public string? ChangeSubscriptionProblem { get; set; }

    /// <summary>When the last change notification proven to be Graph's arrived (kept to the minute).</summary>
    public DateTimeOffset? LastChangeNotificationAt { get; set; }

    /// <summary>When the client secret ends, as the app registration listed it when last read; null: no end date or not known.</summary>
    public DateTimeOffset? ClientSecretExpiresAt { get; set; }

    /// <summary>When the app registration's secrets were last read; null: not since the secret was entered.</summary>
    public DateTimeOffset? ClientSecretReadAt { get; set; }

    /// <summary>
    /// Whether the app registration holds the optional AppRoleAssignment.ReadWrite.All, as the last Test connection of the
    /// stored settings or the last assignment found; null: not known since the app registration was entered.
    /// </summary>
    public bool? MayAssign { get; set; }
}
