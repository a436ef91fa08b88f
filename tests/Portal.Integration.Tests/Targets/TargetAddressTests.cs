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
