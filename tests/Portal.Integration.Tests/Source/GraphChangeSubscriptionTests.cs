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
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

/// <summary>
/// Change notifications over the wire: the source subscribes through the Graph SDK, the emulator validates the
/// notification URL, then POSTs each change of a user or group there with the client state and tenant id.
/// </summary>
public sealed class GraphChangeSubscriptionTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddGraphDirectorySource().BuildServiceProvider();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribe_ValidatesTheUrl_ThenEveryUserAndGroupChangeIsPostedThere_WithTheClientState()
    {
        var emulator = SandboxGraphEmulator.CreateDemo();
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var receiver = await Receiver.StartAsync(echo: true);
        var source = Source(graph);

        await source.SubscribeToChangesAsync(receiver.Url, "state-1", TimeSpan.FromDays(2), Ct);
        var user = emulator.Directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Nina New", ["userPrincipalName"] = "nina@contoso.example" });
        var group = emulator.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Night shift" });
        emulator.Directory.AddMember(group, user);

        Assert.Equal(2, receiver.Validations);
        Assert.Equal(["groups", "users"], emulator.ChangeSubscriptions.Select(s => s.Resource).Order(StringComparer.Ordinal));
        var notifications = await receiver.WaitForAsync(3);
        Assert.All(notifications, n => Assert.Equal(("state-1", SandboxDemoIds.TenantId), (n.ClientState, n.TenantId)));
        Assert.Equal(
            [("created", $"Groups/{group}"), ("created", $"Users/{user}"), ("updated", $"Groups/{group}")],
            notifications.Select(n => (n.ChangeType, n.Resource)).Order());
    }

    [Fact]
    public async Task SubscribingAgain_ReplacesTheSubscriptions_SoANewClientStateTakesEffect()
    {
        var emulator = SandboxGraphEmulator.CreateDemo();
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var receiver = await Receiver.StartAsync(echo: true);
        var source = Source(graph);
        var user = emulator.Directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Nina New" });

        await source.SubscribeToChangesAsync(receiver.Url, "old-state", TimeSpan.FromDays(2), Ct);
        await source.SubscribeToChangesAsync(receiver.Url, "new-state", TimeSpan.FromDays(2), Ct);
        emulator.Directory.UpdateUser(user, new Dictionary<string, object?> { ["department"] = "Night shift" });

        Assert.Equal(2, emulator.ChangeSubscriptions.Count);
        var notification = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal(("new-state", "updated"), (notification.ClientState, notification.ChangeType));
    }

    [Fact]
    public async Task Subscribe_FailsWithTheReason_WhenTheUrlDoesNotAnswerTheValidation()
    {
        var emulator = SandboxGraphEmulator.CreateDemo();
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var receiver = await Receiver.StartAsync(echo: false);
        var source = Source(graph);

        var refused = await Assert.ThrowsAsync<DirectorySourceException>(() => source.SubscribeToChangesAsync(receiver.Url, "state", TimeSpan.FromDays(2), Ct));

        Assert.Contains("Subscription validation request failed", refused.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.ChangeSubscriptions);
    }

    private static IDirectorySource Source(SandboxGraphServer graph) =>
        Services.GetRequiredService<IDirectorySourceFactory>().Create(new DirectorySourceSettings(
            SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, graph.BaseUrl, graph.TokenEndpoint));

    private sealed record Notification(string? ClientState, string? TenantId, string? ChangeType, string? Resource);

    /// <summary>A notification endpoint on loopback: echoes the validation token (or not) and keeps what it is sent.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Notification> _received = new();
        private int _validations;

        private Receiver(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        public int Validations => _validations;

        public static async Task<Receiver> StartAsync(bool echo)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/notify", async (HttpContext context) =>
            {
                if (context.Request.Query["validationToken"].ToString() is { Length: > 0 } token)
                {
                    Interlocked.Increment(ref receiver._validations);
                    return echo ? Results.Text(token, "text/plain") : Results.StatusCode(500);
                }

                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                foreach (var n in body.RootElement.GetProperty("value").EnumerateArray())
                {
                    receiver._received.Enqueue(new Notification(Text(n, "clientState"), Text(n, "tenantId"), Text(n, "changeType"), Text(n, "resource")));
                }

                return Results.Accepted();
            });
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            receiver.Url = new Uri($"{address}/notify");
            return receiver;
        }

        public async Task<IReadOnlyList<Notification>> WaitForAsync(int count)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            while (_received.Count < count)
            {
                await Task.Delay(20, timeout.Token);
            }

            // Anything more than expected would arrive at once; a short grace lets a surplus show up and fail the test.
            await Task.Delay(200, timeout.Token);
            return [.. _received];
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) ? value.GetString() : null;

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
