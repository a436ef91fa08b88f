using System.Text.Json;

namespace Portal.Web.ChangeNotifications;

/// <summary>Where Microsoft Graph POSTs change notifications (anonymous: Graph signs in to nothing; the client state proves it).</summary>
public static class ChangeNotificationEndpoints
{
    public const string Path = "/notifications/graph";

    public static IEndpointRouteBuilder MapChangeNotifications(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, ChangeNotificationReceiver receiver, CancellationToken cancellationToken)
    {
        // Before it subscribes, Graph checks the URL: the token it sends must come back as plain text within 10 seconds.
        if (request.Query["validationToken"].ToString() is { Length: > 0 } token)
        {
            return Results.Text(token, "text/plain");
        }

        List<ChangeNotification> notifications;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            notifications = Parse(body.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return Results.BadRequest();
        }

        // Graph wants an answer within three seconds; queuing the cycles is a few lookups, the cycles run in the background.
        await receiver.AcceptAsync(notifications, cancellationToken);
        return Results.Accepted();
    }

    private static List<ChangeNotification> Parse(JsonElement root) =>
        [.. root.GetProperty("value").EnumerateArray().Select(n => new ChangeNotification(Text(n, "tenantId"), Text(n, "clientState")))];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
