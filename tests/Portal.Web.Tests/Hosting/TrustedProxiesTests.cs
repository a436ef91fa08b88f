using System.Net;
using Microsoft.AspNetCore.Http;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// Behind a reverse proxy the sign-in limit counts each client the proxy names, and only a proxy the operator trusts
/// may name one: otherwise a client could send a new X-Forwarded-For with every attempt and never be limited. A bad
/// entry stops the host at start-up (<see cref="StartupConfigurationTests"/>).
/// </summary>
public sealed class TrustedProxiesTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");

    [Fact]
    public async Task SignIn_IsLimitedPerForwardedClient_WhenTheRequestComesFromATrustedProxy()
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Hardening:SignInPerMinute"] = "2";
        app.Settings["Portal:Hardening:TrustedProxies:0"] = "10.0.0.0/24";

        var first = await SignInAsync(app, Proxy, "203.0.113.7");
        var second = await SignInAsync(app, Proxy, "203.0.113.7");
        var third = await SignInAsync(app, Proxy, "203.0.113.7");
        var other = await SignInAsync(app, Proxy, "198.51.100.9");

        Assert.Equal([StatusCodes.Status302Found, StatusCodes.Status302Found, StatusCodes.Status429TooManyRequests], [first.Status, second.Status, third.Status]);
        Assert.Equal(StatusCodes.Status302Found, other.Status);
        Assert.Equal("203.0.113.7", first.ClientAddress);
        Assert.Equal("https", first.Scheme);
    }

    [Fact]
    public async Task SignIn_IgnoresForwardedHeaders_WhenTheSenderIsNotATrustedProxy()
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Hardening:SignInPerMinute"] = "2";
        app.Settings["Portal:Hardening:TrustedProxies:0"] = "10.0.0.6";

        var statuses = new List<int>();
        foreach (var forwarded in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
        {
            statuses.Add((await SignInAsync(app, Proxy, forwarded)).Status);
        }

        Assert.Equal([StatusCodes.Status302Found, StatusCodes.Status302Found, StatusCodes.Status429TooManyRequests], statuses);
        Assert.Equal("10.0.0.5", (await SignInAsync(app, Proxy, "203.0.113.4")).ClientAddress);
    }

    private static async Task<(int Status, string? ClientAddress, string Scheme)> SignInAsync(PortalApplication app, IPAddress sender, string forwardedFor)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/account/signin";
            c.Connection.RemoteIpAddress = sender;
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Request.Headers["X-Forwarded-Proto"] = "https";
        }, TestContext.Current.CancellationToken);
        return (context.Response.StatusCode, context.Connection.RemoteIpAddress?.ToString(), context.Request.Scheme);
    }
}
