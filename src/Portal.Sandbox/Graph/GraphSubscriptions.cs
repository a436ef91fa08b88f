using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Portal.Sandbox.Graph;

/// <summary>A change-notification subscription as Graph keeps it.</summary>
public sealed record GraphSubscription(
    string Id, string Resource, IReadOnlySet<string> ChangeTypes, Uri NotificationUrl, string? ClientState,
    DateTimeOffset ExpirationDateTime, string ClientId);

/// <summary>One notification the emulator delivered (or tried to): to which URL, for which change, with what answer.</summary>
public sealed record GraphNotificationDelivery(string SubscriptionId, Uri NotificationUrl, DirectoryChange Change, int? Status);

/// <summary>
/// Graph's change notifications (<c>/subscriptions</c>) for users and groups: creating one validates the notification URL
/// (a POST with <c>validationToken</c> that must be echoed as text/plain within 10 s), each directory change of the
/// resource is then POSTed there with the subscription's <c>clientState</c> and the tenant id until it expires;
/// <c>PATCH</c> renews (at most 41,760 minutes ahead, Graph's limit for these resources) and <c>DELETE</c> ends it.
/// </summary>
internal sealed class GraphSubscriptions : IDisposable
{
    /// <summary>The longest a user or group subscription may live (Graph: 41,760 minutes, under 29 days).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(41_760);

    private static readonly string[] Resources = [DirectoryChange.Users, DirectoryChange.Groups];
    private static readonly string[] ChangeTypes = [DirectoryChange.Created, DirectoryChange.Updated, DirectoryChange.Deleted];

    private static readonly GraphResult BadExpiration =
        GraphResult.BadRequest($"expirationDateTime must be in the future and at most {MaxLifetime.TotalMinutes:0} minutes ahead.");

    private readonly ConcurrentDictionary<string, GraphSubscription> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<GraphNotificationDelivery> _deliveries = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SandboxGraphDirectory _directory;
    private readonly TimeProvider _time;

    public GraphSubscriptions(SandboxGraphDirectory directory, TimeProvider time)
    {
        _directory = directory;
        _time = time;
        directory.Changed += Notify;
    }

    public IReadOnlyCollection<GraphSubscription> All => [.. _subscriptions.Values];

    /// <summary>Notifications sent so far, oldest first.</summary>
    public IReadOnlyList<GraphNotificationDelivery> Deliveries => [.. _deliveries];

    public GraphResult List(string clientId) => GraphResult.Ok(GraphJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("value");
        foreach (var subscription in _subscriptions.Values.Where(s => s.ClientId == clientId).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            Write(w, subscription);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }));

    public async Task<GraphResult> HandleAsync(string method, string[] path, JsonElement body, string clientId, CancellationToken cancellationToken)
    {
        var subscription = path.Length == 2 ? _subscriptions.GetValueOrDefault(path[1]) : null;
        if (path.Length == 2 && (subscription is null || subscription.ClientId != clientId))
        {
            return GraphResult.NotFound($"subscriptions/{path[1]}");
        }

        return (method, path.Length) switch
        {
            ("POST", 1) => await CreateAsync(body, clientId, cancellationToken),
            ("PATCH", 2) => Renew(subscription!, body),
            ("DELETE", 2) => Delete(subscription!),
            _ => GraphResult.BadRequest($"The sandbox does not support {method} /{string.Join('/', path)}."),
        };
    }

    private async Task<GraphResult> CreateAsync(JsonElement body, string clientId, CancellationToken cancellationToken)
    {
        var resource = Text(body, "resource")?.Trim('/');
        var changeTypes = (Text(body, "changeType") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var clientState = Text(body, "clientState");
        if (!Resources.Contains(resource, StringComparer.OrdinalIgnoreCase))
        {
            return GraphResult.BadRequest($"Resource '{resource}' is not supported by the sandbox; use 'users' or 'groups'.");
        }

        if (changeTypes.Length == 0 || changeTypes.Any(c => !ChangeTypes.Contains(c)))
        {
            return GraphResult.BadRequest($"changeType '{Text(body, "changeType")}' is invalid; use a comma-separated list of created, updated, deleted.");
        }

        if (!Uri.TryCreate(Text(body, "notificationUrl"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return GraphResult.BadRequest("notificationUrl must be an absolute http(s) URL.");
        }

        if (clientState is { Length: > 128 })
        {
            return GraphResult.BadRequest("clientState must be at most 128 characters.");
        }

        if (Expiration(body) is not { } expiration)
        {
            return BadExpiration;
        }

        if (!await ValidatesAsync(url, cancellationToken))
        {
            return GraphResult.BadRequest("Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.");
        }

        var subscription = new GraphSubscription(Guid.NewGuid().ToString(), resource!.ToLowerInvariant(),
            new HashSet<string>(changeTypes, StringComparer.Ordinal), url, clientState, expiration, clientId);
        _subscriptions[subscription.Id] = subscription;
        return new GraphResult(201, GraphJson.Write(w => Write(w, subscription)));
    }

    private GraphResult Renew(GraphSubscription subscription, JsonElement body)
    {
        if (Expiration(body) is not { } expiration)
        {
            return BadExpiration;
        }

        var renewed = subscription with { ExpirationDateTime = expiration };
        _subscriptions[subscription.Id] = renewed;
        return GraphResult.Ok(GraphJson.Write(w => Write(w, renewed)));
    }

    private GraphResult Delete(GraphSubscription subscription)
    {
        _subscriptions.TryRemove(subscription.Id, out _);
        return new GraphResult(204, []);
    }

    // Graph calls the endpoint before it creates the subscription; anything but the token echoed back with 200 fails it.
    private async Task<bool> ValidatesAsync(Uri url, CancellationToken cancellationToken)
    {
        var token = "Validation: sandbox " + Guid.NewGuid().ToString("N");
        var validation = new UriBuilder(url) { Query = AppendQuery(url.Query, "validationToken=" + Uri.EscapeDataString(token)) }.Uri;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, validation) { Content = new StringContent("", Encoding.UTF8, "text/plain") };
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(cancellationToken) == token;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Notify(DirectoryChange change)
    {
        var now = _time.GetUtcNow();
        // Straight over the dictionary: its Values property copies, and this runs on every change of the directory.
        foreach (var (_, subscription) in _subscriptions)
        {
            if (subscription.Resource == change.Resource && subscription.ChangeTypes.Contains(change.ChangeType) && subscription.ExpirationDateTime > now)
            {
                _ = DeliverAsync(subscription, change);
            }
        }
    }

    private async Task DeliverAsync(GraphSubscription subscription, DirectoryChange change)
    {
        int? status = null;
        try
        {
            var body = GraphJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("value");
                w.WriteStartObject();
                w.WriteString("subscriptionId", subscription.Id);
                w.WriteString("subscriptionExpirationDateTime", subscription.ExpirationDateTime.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("changeType", change.ChangeType);
                var path = (change.Resource == DirectoryChange.Users ? "Users/" : "Groups/") + change.Id;
                w.WriteString("resource", path);
                w.WriteStartObject("resourceData");
                w.WriteString("@odata.type", change.Resource == DirectoryChange.Users ? "#Microsoft.Graph.User" : "#Microsoft.Graph.Group");
                w.WriteString("@odata.id", path);
                w.WriteString("id", change.Id);
                w.WriteEndObject();
                if (subscription.ClientState is { } state)
                {
                    w.WriteString("clientState", state);
                }

                w.WriteString("tenantId", _directory.TenantId);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await _http.PostAsync(subscription.NotificationUrl, content);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Graph drops a notification the endpoint does not take (after its own retries); so does the sandbox.
        }

        _deliveries.Enqueue(new GraphNotificationDelivery(subscription.Id, subscription.NotificationUrl, change, status));
    }

    private DateTimeOffset? Expiration(JsonElement body)
    {
        var now = _time.GetUtcNow();
        return DateTimeOffset.TryParse(Text(body, "expirationDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at > now && at <= now + MaxLifetime ? at : null;
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string AppendQuery(string query, string parameter) => query.Length > 1 ? query[1..] + "&" + parameter : parameter;

    private static void Write(Utf8JsonWriter w, GraphSubscription subscription)
    {
        w.WriteStartObject();
        w.WriteString("id", subscription.Id);
        w.WriteString("resource", subscription.Resource);
        w.WriteString("changeType", string.Join(',', ChangeTypes.Where(subscription.ChangeTypes.Contains)));
        w.WriteString("notificationUrl", subscription.NotificationUrl.ToString());
        w.WriteString("expirationDateTime", subscription.ExpirationDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("applicationId", subscription.ClientId);
        if (subscription.ClientState is { } state)
        {
            w.WriteString("clientState", state);
        }

        w.WriteEndObject();
    }

    public void Dispose()
    {
        _directory.Changed -= Notify;
        _http.Dispose();
    }
}
