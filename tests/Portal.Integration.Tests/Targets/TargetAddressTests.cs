using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;
using Portal.Testing;

namespace Portal.Integration.Tests.Targets;

/// <summary>SSRF: target URLs whose DNS answers (under the test's control) point inside the network, and redirects.</summary>
public sealed class TargetAddressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.7")]
    [InlineData("192.168.1.20")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fd12:3456::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public async Task TestConnection_IsRefusedBeforeAnyRequest_WhenTheHostResolvesToAPrivateAddress(string answer)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var asked = new ConcurrentBag<string>();
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with { Resolve = Answer(asked, IPAddress.Parse(answer)) });
        var settings = sandbox.Settings() with { BaseUrl = $"https://scim.contoso.test:{sandbox.Server.Address.Port}/scim", AllowPrivateNetwork = false };

        var result = await factory.Create(settings).TestConnectionAsync(Ct);

        Assert.False(result.Succeeded);
        Assert.Contains($"resolves to {IPAddress.Parse(answer)}, a loopback, link-local or private address", result.Message, StringComparison.Ordinal);
        Assert.Contains("scim.contoso.test", asked);
        Assert.Empty(sandbox.Target.Requests.Entries);
    }

    [Fact]
    public async Task Cycle_IsRefused_WhenOneOfSeveralAnswersIsPrivate()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with
        {
            Resolve = Answer([], IPAddress.Parse("20.42.1.1"), IPAddress.Parse("169.254.169.254")),
        });
        var settings = sandbox.Settings() with { BaseUrl = "https://scim.contoso.test/scim", AllowPrivateNetwork = false };

        var error = await Assert.ThrowsAsync<TargetException>(() => factory.Create(settings).FindAsync(ObjectKind.User, "userName", "a@b.c", Ct));

        Assert.Equal("NotPermitted", error.ErrorCode);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    public async Task TestConnection_IsRefusedAtConnectTime_WhenTheHostRebindsFromAPublicToAnInternalAddress(string later)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var network = new RebindingNetwork(IPAddress.Parse("20.42.1.1"), IPAddress.Parse(later));
        var log = new RecordingLogger();
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with
        {
            Resolve = network.Resolve, Dial = network.DialAsync, AddressLog = log,
        });
        var settings = sandbox.Settings() with { BaseUrl = $"https://scim.contoso.test:{sandbox.Server.Address.Port}/scim", AllowPrivateNetwork = false };
        var connector = factory.Create(settings);

        // The first answer passes the check and is dialled; every later connection resolves again and meets the new answer.
        await connector.TestConnectionAsync(Ct);
        var result = await connector.TestConnectionAsync(Ct);

        Assert.False(result.Succeeded);
        Assert.Contains($"The host 'scim.contoso.test' resolves to {later}, a loopback, link-local or private address", result.Message, StringComparison.Ordinal);
        Assert.True(network.Queries >= 2, $"{network.Queries} DNS queries");
        Assert.All(network.Dialled, address => Assert.Equal(IPAddress.Parse("20.42.1.1"), address));
        Assert.Empty(sandbox.Target.Requests.Entries);
        var refusal = Assert.Single(log.Lines.Distinct());
        Assert.Equal($"Warning: Refused a connection to scim.contoso.test:{sandbox.Server.Address.Port}: The host 'scim.contoso.test' resolves to {later}, "
            + "a loopback, link-local or private address; such targets are refused.", refusal);
        Assert.DoesNotContain(SandboxScimOptions.DemoToken, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CycleCall_NeverReachesTheInternalHost_WhenTheHostRebindsBetweenRetries()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var network = new RebindingNetwork(IPAddress.Parse("20.42.1.1"), IPAddress.Parse("169.254.169.254"));
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with { Resolve = network.Resolve, Dial = network.DialAsync });
        var settings = sandbox.Settings() with { BaseUrl = $"https://scim.contoso.test:{sandbox.Server.Address.Port}/scim", AllowPrivateNetwork = false };

        // The unreachable public answer is a transient failure, so the client retries on a new connection: the rebound answer.
        var error = await Assert.ThrowsAsync<TargetException>(() => factory.Create(settings).FindAsync(ObjectKind.User, "userName", "a@b.c", Ct));

        Assert.Equal("NotPermitted", error.ErrorCode);
        Assert.Contains("resolves to 169.254.169.254", error.Message, StringComparison.Ordinal);
        Assert.Equal([IPAddress.Parse("20.42.1.1")], network.Dialled);
        Assert.Empty(sandbox.Target.Requests.Entries);
    }

    [Fact]
    public async Task LoopbackTarget_IsReached_WhenTheOperatorAllowsPrivateNetworks()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var asked = new ConcurrentBag<string>();
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with { Resolve = Answer(asked, IPAddress.Loopback) });
        var settings = sandbox.Settings() with { BaseUrl = $"http://scim.contoso.test:{sandbox.Server.Address.Port}/scim" };

        var result = await factory.Create(settings).TestConnectionAsync(Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("scim.contoso.test", asked);
    }

    [Fact]
    public async Task Redirect_IsNotFollowed_EvenToAnAllowedAddress()
    {
        var hits = new ConcurrentQueue<string>();
        await using var server = await StartAsync(async context =>
        {
            hits.Enqueue(context.Request.Path);
            if (context.Request.Path.StartsWithSegments("/scim"))
            {
                context.Response.Redirect("http://169.254.169.254/latest/meta-data/iam/", permanent: false);
                return;
            }

            await context.Response.WriteAsync("metadata");
        });
        var asked = new ConcurrentBag<string>();
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with { Resolve = Answer(asked, IPAddress.Loopback) });
        var settings = new TargetConnectorSettings($"http://scim.contoso.test:{Port(server)}/scim", TargetAuthKind.BearerToken, "token",
            RequestsPerSecond: null, AllowPrivateNetwork: true);

        var error = await Assert.ThrowsAsync<TargetException>(() => factory.Create(settings).FindAsync(ObjectKind.User, "userName", "a@b.c", Ct));

        Assert.Contains("redirects are not followed", error.Message, StringComparison.Ordinal);
        Assert.All(hits, path => Assert.StartsWith("/scim", path, StringComparison.Ordinal));
        Assert.DoesNotContain("169.254.169.254", asked);
    }

    [Fact]
    public async Task TokenEndpoint_IsGuardedToo_WhenItResolvesToTheMetadataAddress()
    {
        var asked = new ConcurrentBag<string>();
        using var factory = new ScimTargetConnectorFactory(ScimSandbox.FastOptions with
        {
            Resolve = (host, _) =>
            {
                asked.Add(host);
                return Task.FromResult(host == "login.contoso.test" ? [IPAddress.Parse("169.254.169.254")] : new[] { IPAddress.Parse("20.42.1.1") });
            },
        });
        var settings = new TargetConnectorSettings("https://scim.contoso.test/scim", TargetAuthKind.OAuthClientCredentials, "client-secret",
            "client-id", TokenEndpoint: "https://login.contoso.test/token");

        var error = await Assert.ThrowsAsync<TargetException>(() => factory.Create(settings).FindAsync(ObjectKind.User, "userName", "a@b.c", Ct));

        Assert.Equal("NotPermitted", error.ErrorCode);
        Assert.Contains("login.contoso.test", asked);
        Assert.DoesNotContain("scim.contoso.test", asked);
    }

    private static HostResolver Answer(ConcurrentBag<string> asked, params IPAddress[] addresses) => (host, _) =>
    {
        asked.Add(host);
        return Task.FromResult(addresses);
    };

    private static async Task<WebApplication> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }

    private static int Port(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
}
