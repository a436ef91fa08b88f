using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Notifications;

public sealed class WebhookNotificationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Webhook_ReceivesSignedJson_ThatVerifiesWithTheTenantSecret()
    {
        var received = new ConcurrentQueue<(string Body, string Signature, string Event)>();
        await using var receiver = await StartReceiverAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers[WebhookSender.SignatureHeader].ToString(),
                context.Request.Headers["X-Portal-Event"].ToString()));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await using var host = await NotificationHost.StartAsync(tenant: t => t.WebhookUrl = $"{ReceiverUrl(receiver)}/hooks/portal");

        var id = await host.Center.RaiseAsync(host.FailureEvent(failed: 2), TestContext.Current.CancellationToken);
        var sent = await host.WaitAsync(id, n => n.WebhookStatus == DeliveryStatus.Sent, Timeout);

        Assert.Equal(DeliveryStatus.Sent, sent.WebhookStatus);
        var (body, signature, kind) = Assert.Single(received);
        Assert.Equal(WebhookSender.Sign(NotificationHost.WebhookSecret, body), signature);
        Assert.NotEqual(WebhookSender.Sign("another-secret", body), signature);
        Assert.Equal(NotificationKinds.ObjectsFailed, kind);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(2, json.RootElement.GetProperty("objectCount").GetInt32());
        Assert.Equal("Conflict", json.RootElement.GetProperty("topReasons")[0].GetProperty("errorCode").GetString());
        Assert.DoesNotContain(NotificationHost.WebhookSecret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebhookDown_IsRetried_ThenRecordedAsFailed()
    {
        var deliveries = new ConcurrentQueue<string>();
        await using var receiver = await StartReceiverAsync(context =>
        {
            deliveries.Enqueue(context.Request.Headers["X-Portal-Delivery"].ToString());
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var host = await NotificationHost.StartAsync(tenant: t => t.WebhookUrl = $"{ReceiverUrl(receiver)}/hooks/portal");

        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        var failed = await host.WaitAsync(id, n => n.WebhookStatus == DeliveryStatus.Failed, Timeout);

        Assert.Equal(DeliveryStatus.Failed, failed.WebhookStatus);
        Assert.Equal(4, failed.WebhookAttempts); // the first try and the three retries of the test host
        // One post per recorded attempt: the next attempt is scheduled only once this one's count is saved, so a retry
        // that starts at once cannot read the old count and post once more.
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d));
        Assert.Contains("503", failed.WebhookError, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartReceiverAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hooks/portal", handler);
        await app.StartAsync();
        return app;
    }

    private static string ReceiverUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
