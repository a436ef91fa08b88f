using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Testing;

/// <summary>A change notification as a <see cref="NotificationSink"/> received it.</summary>
public sealed record ReceivedNotification(string? ClientState, string? TenantId, string? ChangeType, string? Resource);

/// <summary>
/// A change-notification endpoint on loopback, as Graph expects one: echoes the validation token (or refuses it, to
/// test a failed validation) and keeps every notification it is sent.
/// </summary>
public sealed class NotificationSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedNotification> _received = new();
    private int _validations;

    private NotificationSink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Validation requests answered so far.</summary>
    public int Validations => _validations;

    public static async Task<NotificationSink> StartAsync(bool echoValidation = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new NotificationSink(app);
        app.MapPost("/notify", async (HttpContext context) =>
        {
            if (context.Request.Query["validationToken"].ToString() is { Length: > 0 } token)
            {
                Interlocked.Increment(ref sink._validations);
                return echoValidation ? Results.Text(token, "text/plain") : Results.StatusCode(500);
            }

            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            foreach (var n in body.RootElement.GetProperty("value").EnumerateArray())
            {
                sink._received.Enqueue(new ReceivedNotification(Text(n, "clientState"), Text(n, "tenantId"), Text(n, "changeType"), Text(n, "resource")));
            }

            return Results.Accepted();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        sink.Url = new Uri($"{address}/notify");
        return sink;
    }

    /// <summary>Waits (up to 15 s) for <paramref name="count"/> notifications, then a moment more so a surplus shows.</summary>
    public async Task<IReadOnlyList<ReceivedNotification>> WaitForAsync(int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (_received.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }

        await Task.Delay(200, timeout.Token);
        return [.. _received];
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
