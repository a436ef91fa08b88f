using MimeKit;
using Portal.Web.Notifications;

namespace Portal.Web.Features.Sandbox;

/// <summary>One message in the pickup folder, as the list shows it.</summary>
public sealed record PickupMessageSummary(string FileName, DateTimeOffset Date, string To, string Subject);

/// <summary>One message opened: its headers and both bodies (either may be missing).</summary>
public sealed record PickupMessage(PickupMessageSummary Summary, string From, string? Text, string? Html);

/// <summary>
/// Reads the mail the embedded default writes to its pickup folder instead of sending it, so a newcomer can see the
/// notifications the portal would have emailed. Only file names the folder lists can be opened.
/// </summary>
public sealed class PickupMailbox(MailTransport transport)
{
    public const int MaxMessages = 200;

    public async Task<IReadOnlyList<PickupMessageSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var folder = await transport.PickupFolderAsync(cancellationToken);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var summaries = new List<PickupMessageSummary>();
        // File names start with the UTC time they were written, so name order is arrival order.
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml").OrderByDescending(Path.GetFileName, StringComparer.Ordinal).Take(MaxMessages))
        {
            if (await TryLoadAsync(file, cancellationToken) is { } message)
            {
                summaries.Add(Summarize(Path.GetFileName(file), message));
            }
        }

        return summaries.OrderByDescending(s => s.Date).ThenByDescending(s => s.FileName, StringComparer.Ordinal).ToList();
    }

    public async Task<PickupMessage?> OpenAsync(string fileName, CancellationToken cancellationToken = default)
    {
        var folder = await transport.PickupFolderAsync(cancellationToken);
        if (fileName != Path.GetFileName(fileName) || !fileName.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path) || await TryLoadAsync(path, cancellationToken) is not { } message)
        {
            return null;
        }

        return new PickupMessage(Summarize(fileName, message), message.From.ToString(), message.TextBody, message.HtmlBody);
    }

    private static PickupMessageSummary Summarize(string fileName, MimeMessage message) =>
        new(fileName, message.Date, string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), message.Subject ?? "(no subject)");

    private static async Task<MimeMessage?> TryLoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await MimeMessage.LoadAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // A file still being written or not a message: leave it out rather than fail the page.
            return null;
        }
    }
}
