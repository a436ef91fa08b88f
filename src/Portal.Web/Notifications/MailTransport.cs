using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;

namespace Portal.Web.Notifications;

public enum MailOutcome { Sent, Rejected, Unavailable }

/// <summary>Rejected: the server refused a recipient or the message for good (a bounce). Unavailable: try again later.</summary>
public sealed record MailResult(MailOutcome Outcome, string? Error = null);

/// <summary>Sends mail over SMTP with MailKit using the operator's settings, or drops it in the pickup folder.</summary>
public sealed class MailTransport(
    TenantDbContexts contexts,
    SecretProtector secrets,
    IOptions<NotificationOptions> options,
    IHostEnvironment environment)
{
    public async Task<MailResult> SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        await SendAsync(message, await LoadSettingsAsync(cancellationToken), cancellationToken);

    /// <summary>Sends with the given settings instead of the stored ones (the settings page's test email, before saving).</summary>
    public async Task<MailResult> SendAsync(MimeMessage message, MailSettings settings, CancellationToken cancellationToken)
    {
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse(settings.FromAddress));
        if (settings.Host is not { Length: > 0 } host)
        {
            await WriteToPickupFolderAsync(message, settings, cancellationToken);
            return new MailResult(MailOutcome.Sent);
        }

        using var client = new SmtpClient();
        if (settings.PinnedCertificateThumbprint is { Length: > 0 } pinned)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())).Equals(pinned, StringComparison.OrdinalIgnoreCase));
        }

        try
        {
            await client.ConnectAsync(host, settings.Port, Security(settings.Security), cancellationToken);
            if (settings.UserName is { Length: > 0 } user && settings.Password is { } password)
            {
                await client.AuthenticateAsync(user, secrets.Unprotect(password), cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return new MailResult(MailOutcome.Sent);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            return new MailResult(MailOutcome.Rejected, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                  && e is SocketException or IOException or SmtpCommandException or SmtpProtocolException
                                      or ServiceNotConnectedException or SslHandshakeException or AuthenticationException
                                      or TimeoutException or OperationCanceledException)
        {
            return new MailResult(MailOutcome.Unavailable, e.Message);
        }
    }

    private async Task<MailSettings> LoadSettingsAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.ForSystem();
        return await db.MailSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new MailSettings();
    }

    /// <summary>The folder mail is written to when no SMTP host is set (the embedded default's Sandbox mail page reads it).</summary>
    public async Task<string> PickupFolderAsync(CancellationToken cancellationToken) =>
        PickupFolder(await LoadSettingsAsync(cancellationToken));

    private string PickupFolder(MailSettings settings) =>
        Path.Combine(environment.ContentRootPath, settings.PickupFolder ?? options.Value.PickupFolder);

    private async Task WriteToPickupFolderAsync(MimeMessage message, MailSettings settings, CancellationToken cancellationToken)
    {
        var folder = PickupFolder(settings);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(file, cancellationToken);
    }

    private static SecureSocketOptions Security(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
