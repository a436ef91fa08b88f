using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Provisioning.Source;
using Portal.Sandbox;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

public sealed class GraphDirectorySourceHostingTests
{
    [Fact]
    public async Task ReadAsync_FollowsLinksUnderAPrefix_WhenEmulatorIsMountedInAHost()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSandboxGraph(o => o.MaxPageSize = 30);
        await using var app = builder.Build();
        app.MapSandboxGraph("/sandbox/graph");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await using var services = new ServiceCollection().AddGraphDirectorySource().BuildServiceProvider();
        var source = services.GetRequiredService<IDirectorySourceFactory>().Create(new DirectorySourceSettings(
            SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret,
            $"{address}/sandbox/graph/v1.0", $"{address}/sandbox/graph/{SandboxDemoIds.TenantId}/oauth2/v2.0/token"));

        var full = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);
        var delta = await source.ReadAsync(GraphSandbox.Query(after: full), TestContext.Current.CancellationToken);

        Assert.True(full.IsComplete, string.Join("; ", full.Problems));
        Assert.Equal(200, full.Users.Count);
        Assert.StartsWith($"{address}/sandbox/graph/v1.0/users/delta", full.UsersDeltaLink, StringComparison.Ordinal);
        Assert.True(delta.IsDelta && delta.IsComplete);
        Assert.Empty(delta.Users);
    }

    [Fact]
    public async Task ReadAsync_RequestsNewToken_OnlyAfterTheCachedOneNearsExpiry()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { TokenLifetime = TimeSpan.FromHours(1) }, clock);
        await using var server = await SandboxGraphServer.StartAsync(emulator, cancellationToken: TestContext.Current.CancellationToken);
        await using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddGraphDirectorySource().BuildServiceProvider();
        var source = services.GetRequiredService<IDirectorySourceFactory>().Create(new DirectorySourceSettings(
            SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, server.BaseUrl, server.TokenEndpoint));
        var ct = TestContext.Current.CancellationToken;

        await source.TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, ct);
        clock.Advance(TimeSpan.FromMinutes(50));
        await source.TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, ct);
        var before = emulator.TokensIssued;
        clock.Advance(TimeSpan.FromMinutes(6));
        var after = await source.TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, ct);

        Assert.Equal(1, before);
        Assert.Equal(2, emulator.TokensIssued);
        Assert.True(after.Succeeded, after.Message);
    }

    /// <summary>Time that moves only when told to (token lifetimes without waiting an hour).</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
