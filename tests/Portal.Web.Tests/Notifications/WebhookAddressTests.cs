using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Testing;
using Portal.Web.Tests.Security;

namespace Portal.Web.Tests.Notifications;

/// <summary>SSRF through webhooks: DNS answers under the test's control, private ranges and redirects.</summary>
public sealed class WebhookAddressTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.4.4")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fe80::1")]
    public async Task Webhook_IsRefused_WhenItsHostResolvesToAPrivateAddress(string answer)
    {
        var hits = 0;
        await using var receiver = await StartReceiverAsync(_ => Interlocked.Increment(ref hits));
        var asked = new ConcurrentBag<string>();
        await using var host = await NotificationHost.StartAsync(
            tenant: t => t.WebhookUrl = $"https://hooks.contoso.test:{Port(receiver)}/hooks/portal",
            allowPrivateNetwork: false,
            resolver: (name, _) =>
            {
                asked.Add(name);
                return Task.FromResult(new[] { IPAddress.Parse(answer) });
            });

        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        var failed = await host.WaitAsync(id, n => n.WebhookStatus == DeliveryStatus.Failed, Timeout);

        Assert.StartsWith("The webhook URL is refused: The host 'hooks.contoso.test' resolves to", failed.WebhookError, StringComparison.Ordinal);
        Assert.Contains("hooks.contoso.test", asked);
        Assert.Equal(0, hits);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    public async Task Webhook_NeverReachesTheInternalHost_WhenItsHostRebindsFromAPublicToAnInternalAddress(string later)
    {
        var hits = 0;
        await using var receiver = await StartReceiverAsync(_ => Interlocked.Increment(ref hits));
        var network = new RebindingNetwork(IPAddress.Parse("20.42.1.1"), IPAddress.Parse(later));
        var logs = new CapturingLoggerProvider();
        await using var host = await NotificationHost.StartAsync(
            tenant: t => t.WebhookUrl = $"https://hooks.contoso.test:{Port(receiver)}/hooks/portal?token=hook-path-secret",
            allowPrivateNetwork: false,
            resolver: network.Resolve,
            services: s => s.AddSingleton<AddressDialer>(network.DialAsync).AddLogging(l => l.AddProvider(logs)));

        // Attempt 1 dials the public answer (unreachable, retried); the retry's new connection resolves to the internal address.
        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        var failed = await host.WaitAsync(id, n => n.WebhookStatus == DeliveryStatus.Failed, Timeout);

        Assert.Equal($"The webhook URL is refused: The host 'hooks.contoso.test' resolves to {later}, a loopback, link-local or private address; "
            + "such targets are refused. An operator can allow private-network addresses for this deployment.", failed.WebhookError);
        Assert.All(network.Dialled, address => Assert.Equal(IPAddress.Parse("20.42.1.1"), address));
        Assert.Equal(0, hits);
        var refusals = logs.Lines.Where(l => l.Contains("Refused a connection to hooks.contoso.test", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(logs.Lines, line => Assert.DoesNotContain("hook-path-secret", line, StringComparison.Ordinal));
        Assert.All(logs.Lines, line => Assert.DoesNotContain(NotificationHost.WebhookSecret, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_IsDelivered_ThroughTheResolver_WhenTheOperatorAllowsPrivateNetworks()
    {
        var hits = 0;
        await using var receiver = await StartReceiverAsync(_ => Interlocked.Increment(ref hits));
        await using var host = await NotificationHost.StartAsync(
            tenant: t => t.WebhookUrl = $"http://hooks.contoso.test:{Port(receiver)}/hooks/portal",
            resolver: (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));

        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        await host.WaitAsync(id, n => n.WebhookStatus == DeliveryStatus.Sent, Timeout);

        Assert.Equal(1, hits);
    }

    [Fact]
    public async Task Webhook_DoesNotFollowARedirect()
    {
        var redirected = 0;
        await using var inside = await StartReceiverAsync(_ => Interlocked.Increment(ref redirected));
        await using var outside = await StartReceiverAsync(context => context.Response.Redirect($"http://127.0.0.1:{Port(inside)}/hooks/portal", permanent: true, preserveMethod: true));
        await using var host = await NotificationHost.StartAsync(tenant: t => t.WebhookUrl = $"http://127.0.0.1:{Port(outside)}/hooks/portal");

        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        var failed = await host.WaitAsync(id, n => n.WebhookStatus == DeliveryStatus.Failed, Timeout);

        Assert.Contains("308", failed.WebhookError, StringComparison.Ordinal);
        Assert.Equal(0, redirected);
    }

    private static async Task<WebApplication> StartReceiverAsync(Action<HttpContext> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hooks/portal", context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            handler(context);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return app;
    }

    private static int Port(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
}
