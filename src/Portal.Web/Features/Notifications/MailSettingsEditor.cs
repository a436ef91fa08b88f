using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Web.Audit;
using Portal.Web.Notifications;

namespace Portal.Web.Features.Notifications;

/// <summary>The operator's outgoing mail settings as the form holds them; the stored password is never loaded into it.</summary>
public sealed class MailSettingsForm
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;
    public string? UserName { get; set; }

    /// <summary>A new password typed by the operator; empty keeps the stored one.</summary>
    public string? NewPassword { get; set; }

    /// <summary>Whether a password is stored (the form shows "set — replace", never the value).</summary>
    public bool PasswordSet { get; set; }

    public string FromAddress { get; set; } = "";
    public string? PinnedCertificateThumbprint { get; set; }
}

/// <summary>A refused mail setting; <see cref="Field"/> is the label of the field to correct.</summary>
public sealed class MailSettingsException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Loads, validates, saves (audited, password encrypted) and tries out the deployment's SMTP settings. An empty host
/// means mail goes to the pickup folder, as in the embedded default.
/// </summary>
public sealed class MailSettingsEditor(
    IDbContextFactory<PortalDbContext> dbFactory, SecretProtector secrets, MailTransport transport, AuditLog audit, TimeProvider clock)
{
    public async Task<MailSettingsForm> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.MailSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new MailSettings();
        return new MailSettingsForm
        {
            Host = row.Host,
            Port = row.Port,
            Security = row.Security,
            UserName = row.UserName,
            PasswordSet = row.Password is not null,
            FromAddress = row.FromAddress,
            PinnedCertificateThumbprint = row.PinnedCertificateThumbprint,
        };
    }

    public async Task SaveAsync(MailSettingsForm form, CancellationToken cancellationToken = default)
    {
        Validate(form);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.MailSettings.SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new MailSettings();
            db.MailSettings.Add(row);
        }

        var before = Copy(row);
        Apply(form, row);
        var changed = audit.Record(db, AuditActivities.UpdateMailSettings, nameof(MailSettings), MailSettings.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AuditChange.Of("Host", before.Host, row.Host),
            AuditChange.Of("Port", before.Port, row.Port),
            AuditChange.Of("Security", before.Security, row.Security),
            AuditChange.Of("UserName", before.UserName, row.UserName),
            AuditChange.Secret("Password", !Equals(before.Password, row.Password)),
            AuditChange.Of("FromAddress", before.FromAddress, row.FromAddress),
            AuditChange.Of("PinnedCertificateThumbprint", before.PinnedCertificateThumbprint, row.PinnedCertificateThumbprint));
        if (changed is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        form.PasswordSet = row.Password is not null;
        form.NewPassword = null;
    }

    /// <summary>Sends a short email to <paramref name="to"/> through the real transport with the settings as typed.</summary>
    public async Task<MailResult> SendTestAsync(MailSettingsForm form, string? to, CancellationToken cancellationToken = default)
    {
        Validate(form);
        if (string.IsNullOrWhiteSpace(to) || !MailAddress.TryCreate(to.Trim(), out _))
        {
            throw new MailSettingsException("Send test email to", $"Send test email to: '{to}' is not an email address.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.MailSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new MailSettings();
        Apply(form, settings);
        var message = new MimeMessage { Subject = "[Portal] Test email", Date = clock.GetUtcNow() };
        message.To.Add(MailboxAddress.Parse(to.Trim()));
        message.Body = new TextPart("plain")
        {
            Text = $"This is a test email from the portal, sent through {(settings.Host is { Length: > 0 } h ? $"{h}:{settings.Port} ({settings.Security})" : "the pickup folder")}.",
        };
        return await transport.SendAsync(message, settings, cancellationToken);
    }

    private static void Validate(MailSettingsForm form)
    {
        if (form.Host is { Length: > 0 } host && (host.Trim().Contains(' ', StringComparison.Ordinal) || Uri.CheckHostName(host.Trim()) == UriHostNameType.Unknown))
        {
            throw new MailSettingsException("SMTP host", $"SMTP host '{host}' is not a host name or IP address.");
        }

        if (form.Port is < 1 or > 65535)
        {
            throw new MailSettingsException("Port", $"Port {form.Port} is outside 1 to 65535 (usually 25, 587 for STARTTLS or 465 for SSL).");
        }

        if (!Enum.IsDefined(form.Security))
        {
            throw new MailSettingsException("Security", "Security must be None, STARTTLS or SSL.");
        }

        if (string.IsNullOrWhiteSpace(form.FromAddress) || !MailAddress.TryCreate(form.FromAddress.Trim(), out _))
        {
            throw new MailSettingsException("From address", $"From address '{form.FromAddress}' is not an email address.");
        }

        if (string.IsNullOrWhiteSpace(form.UserName) && !string.IsNullOrEmpty(form.NewPassword))
        {
            throw new MailSettingsException("User name", "User name is required when a password is set.");
        }

        if (form.PinnedCertificateThumbprint is { Length: > 0 } pin && (pin.Trim().Length != 64 || !pin.Trim().All(Uri.IsHexDigit)))
        {
            throw new MailSettingsException("Pinned certificate (SHA-256)", "Pinned certificate must be the 64 hex digits of the certificate's SHA-256 hash.");
        }
    }

    private void Apply(MailSettingsForm form, MailSettings row)
    {
        row.Host = Blank(form.Host);
        row.Port = form.Port;
        row.Security = form.Security;
        row.UserName = Blank(form.UserName);
        row.FromAddress = form.FromAddress.Trim();
        row.PinnedCertificateThumbprint = Blank(form.PinnedCertificateThumbprint)?.ToUpperInvariant();
        if (!string.IsNullOrEmpty(form.NewPassword))
        {
            row.Password = secrets.Protect(form.NewPassword);
        }
        else if (row.UserName is null)
        {
            // Without a user name there is no sign-in, so a stored password would only linger.
            row.Password = null;
        }
    }

    private static MailSettings Copy(MailSettings row) => new()
    {
        Host = row.Host,
        Port = row.Port,
        Security = row.Security,
        UserName = row.UserName,
        Password = row.Password,
        FromAddress = row.FromAddress,
        PinnedCertificateThumbprint = row.PinnedCertificateThumbprint,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
