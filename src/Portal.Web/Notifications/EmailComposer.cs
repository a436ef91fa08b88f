using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Data.Entities;

namespace Portal.Web.Notifications;

/// <summary>
/// Writes notification emails in plain text and HTML, in the admin's words: what happened, to how many objects, the
/// top reasons with what to do, and a link to the filtered logs. Only what the notification holds goes in: no
/// secrets, no personal attributes beyond display names.
/// </summary>
public sealed class EmailComposer(IOptions<NotificationOptions> options)
{
    // The help desk's address gets events too, and a directory's events go to every job's address.
    private const string Why = "You receive this because this address is the notification email of a provisioning job, or the help desk's, of the directory.";

    public MimeMessage Compose(string subject, IReadOnlyList<Notification> notifications, string? applicationName, IEnumerable<string> recipients)
    {
        var message = new MimeMessage { Subject = $"[Portal] {subject}" };
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        var text = new StringBuilder();
        var html = new StringBuilder("<html><body style=\"font-family:Segoe UI,Arial,sans-serif\">");
        if (applicationName is not null)
        {
            text.AppendLine($"Application: {applicationName}").AppendLine();
            html.Append($"<p><strong>Application:</strong> {Encode(applicationName)}</p>");
        }

        foreach (var n in notifications)
        {
            AppendNotification(n, text, html);
        }

        text.AppendLine(Why);
        html.Append($"<p style=\"color:#666\">{Why}</p></body></html>");
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private void AppendNotification(Notification n, StringBuilder text, StringBuilder html)
    {
        text.AppendLine(n.Title).AppendLine(new string('-', n.Title.Length)).AppendLine(n.Body);
        html.Append($"<h2>{Encode(n.Title)}</h2><p>{Encode(n.Body)}</p>");
        if (n.ObjectCount > 0)
        {
            text.AppendLine($"Objects affected: {n.ObjectCount}");
            html.Append($"<p><strong>Objects affected:</strong> {n.ObjectCount}</p>");
        }

        var reasons = n.TopReasonsJson is null ? [] : JsonSerializer.Deserialize<List<ErrorReason>>(n.TopReasonsJson, NotificationCenter.Json) ?? [];
        if (reasons.Count > 0)
        {
            text.AppendLine("Top reasons:");
            html.Append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr><th>Error</th><th>Objects</th><th>Reason</th><th>What to do</th></tr>");
            foreach (var r in reasons)
            {
                text.AppendLine($"  {r.ErrorCode} ({r.Count}): {r.Reason}");
                if (r.RecommendedAction is { Length: > 0 } action)
                {
                    text.AppendLine($"    What to do: {action}");
                }

                html.Append($"<tr><td>{Encode(r.ErrorCode)}</td><td>{r.Count}</td><td>{Encode(r.Reason)}</td><td>{Encode(r.RecommendedAction ?? "")}</td></tr>");
            }

            html.Append("</table>");
        }

        if (n.LogsLink is { Length: > 0 } link)
        {
            var url = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/{link.TrimStart('/')}";
            text.AppendLine($"Provisioning logs: {url}");
            html.Append($"<p><a href=\"{Encode(url)}\">Open the provisioning logs</a></p>");
        }

        text.AppendLine();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
