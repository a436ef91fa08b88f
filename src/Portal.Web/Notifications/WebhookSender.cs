using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;

namespace Portal.Web.Notifications;

/// <summary>
/// Posts a notification as JSON to the tenant's webhook. The body is signed with HMAC-SHA256 of the tenant's webhook
/// secret in <c>X-Portal-Signature: sha256=&lt;hex&gt;</c>, so receivers can verify it came from the portal unchanged.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "portal-webhooks";
    public const string SignatureHeader = "X-Portal-Signature";

    public async Task<string?> SendAsync(string url, string secret, Notification n, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = n.Id,
            tenantId = n.TenantId,
            jobId = n.JobId,
            cycleId = n.CycleId,
            kind = n.Kind,
            severity = n.Severity.ToString(),
            title = n.Title,
            body = n.Body,
            objectCount = n.ObjectCount,
            topReasons = n.TopReasonsJson is null ? (JsonElement?)null : JsonDocument.Parse(n.TopReasonsJson).RootElement,
            logsLink = n.LogsLink,
            createdAt = n.CreatedAt,
        }, NotificationCenter.Json);

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SignatureHeader, Sign(secret, body));
        request.Headers.Add("X-Portal-Event", n.Kind);
        request.Headers.Add("X-Portal-Delivery", n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            return $"The webhook URL is refused: {refused.Message} An operator can allow private-network addresses for this deployment.";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
        {
            return $"The webhook could not be reached: {e.Message}";
        }
    }

    private static TargetAddressRefusedException? Refusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TargetAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
