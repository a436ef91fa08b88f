using Portal.Data.Secrets;

namespace Portal.Data.Entities;

public enum MailSecurity { None, StartTls, SslOnConnect }

/// <summary>
/// The operator's outgoing mail settings (one row for the deployment). Without a host, mail is written as .eml files
/// to <see cref="PickupFolder"/>, which is what the embedded default does.
/// </summary>
public sealed class MailSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;
    public string? UserName { get; set; }
    public ProtectedSecret? Password { get; set; }
    public string FromAddress { get; set; } = "portal-noreply@localhost";

    /// <summary>SHA-256 thumbprint of a relay's self-signed certificate to trust (internal relays).</summary>
    public string? PinnedCertificateThumbprint { get; set; }

    public string? PickupFolder { get; set; }
}
