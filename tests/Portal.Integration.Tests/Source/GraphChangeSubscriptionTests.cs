using Microsoft.Extensions.DependencyInjection;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;
using Portal.Testing;

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
        await using var receiver = await NotificationSink.StartAsync();
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
        await using var receiver = await NotificationSink.StartAsync();
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
        await using var receiver = await NotificationSink.StartAsync(echoValidation: false);
        var source = Source(graph);

        var refused = await Assert.ThrowsAsync<DirectorySourceException>(() => source.SubscribeToChangesAsync(receiver.Url, "state", TimeSpan.FromDays(2), Ct));

        Assert.Contains("Subscription validation request failed", refused.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.ChangeSubscriptions);
    }

    private static IDirectorySource Source(SandboxGraphServer graph) =>
        Services.GetRequiredService<IDirectorySourceFactory>().Create(new DirectorySourceSettings(
            SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, graph.BaseUrl, graph.TokenEndpoint));
}
