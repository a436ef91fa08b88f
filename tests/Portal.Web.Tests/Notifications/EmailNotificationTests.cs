using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Notifications;

public sealed class EmailNotificationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Email_ArrivesOverSmtp_WithRecipientsSubjectBodyAndLink(bool startTls)
    {
        await using var smtp = await SmtpServer.StartAsync(startTls);
        await using var host = await NotificationHost.StartAsync(tenant: t => t.HelpDeskEmail = "helpdesk@contoso.example");
        await host.UseSmtpAsync(smtp);

        var id = await host.Center.RaiseAsync(host.FailureEvent(failed: 3), TestContext.Current.CancellationToken);

        var message = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal(["admin@contoso.example", "helpdesk@contoso.example"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("[Portal] 3 objects failed to provision", message.Subject);
        Assert.Contains("Application: GoTo Meeting", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Conflict (3): userName already exists in GoTo Meeting", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("What to do: Check the matching attribute.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://portal.contoso.example/logs?jobId={host.JobId}&amp;status=Failure", message.HtmlBody, StringComparison.Ordinal);
        var sent = await host.WaitAsync(id, n => n.EmailStatus == DeliveryStatus.Sent, Timeout);
        Assert.Equal(DeliveryStatus.Sent, sent.EmailStatus);
    }

    [Fact]
    public async Task Throttle_ThousandFailuresOfOneKind_SendOneEmailThenOneDigest()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(o => o.EmailThrottlePeriod = TimeSpan.FromHours(1));
        await host.UseSmtpAsync(smtp);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 1_000; i++)
        {
            await host.Center.RaiseAsync(host.FailureEvent(failed: 1), ct);
        }

        Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        var digest = Assert.Single(host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 10));
        Assert.Equal(nameof(NotificationDeliveryJob.SendDigestAsync), digest.Value.Job.Method.Name);
        Assert.InRange(digest.Value.EnqueueAt, DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(61));

        // Run the digest now rather than in an hour.
        host.Services.GetRequiredService<IBackgroundJobClient>().Requeue(digest.Key);
        var messages = await smtp.WaitForMessagesAsync(2, Timeout);

        Assert.Equal(2, messages.Count);
        Assert.Equal("[Portal] 1 object failed to provision", messages[0].Subject);
        Assert.Equal("[Portal] Digest: 999 more \"1 object failed to provision\" notifications", messages[1].Subject);
    }

    [Fact]
    public async Task SmtpDown_NotificationIsRetried_AndDeliveredWhenSmtpReturns()
    {
        var smtp = SmtpServer.Create();
        await using var _ = smtp;
        // Enough retries to outlast the mail server's start on a busy machine: Python takes seconds to start there.
        await using var host = await NotificationHost.StartAsync(o => o.RetryDelays = Enumerable.Repeat(TimeSpan.FromSeconds(1), 30).ToArray());
        await host.UseSmtpAsync(smtp);

        // Raising returns at once although the mail server is down: a cycle never waits for mail.
        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        var failedOnce = await host.WaitAsync(id, n => n.EmailAttempts >= 1, Timeout);
        Assert.Equal(DeliveryStatus.Pending, failedOnce.EmailStatus);
        Assert.NotNull(failedOnce.EmailError);

        await smtp.StartAsync();
        await host.UseSmtpAsync(smtp); // the server may have had to bind another port than the one it was created with
        var delivered = await host.WaitAsync(id, n => n.EmailStatus == DeliveryStatus.Sent, Timeout);

        Assert.Equal(DeliveryStatus.Sent, delivered.EmailStatus);
        Assert.True(delivered.EmailAttempts >= 2);
        Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
    }

    [Fact]
    public async Task BouncingAddress_IsRecordedOnTheJob_AndNotRetried()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(notificationEmail: "bounce.admin@contoso.example");
        await host.UseSmtpAsync(smtp);

        var id = await host.Center.RaiseAsync(host.FailureEvent(), TestContext.Current.CancellationToken);
        var bounced = await host.WaitAsync(id, n => n.EmailStatus == DeliveryStatus.Bounced, Timeout);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Bounced, bounced.EmailStatus);
        Assert.Equal(1, (await host.NotificationAsync(id)).EmailAttempts);
        Assert.Contains("550", (await host.JobAsync()).NotificationEmailProblem, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
    }

    [Fact]
    public async Task BouncedAddress_GetsNoFurtherMail_WhileTheHelpDeskStillDoes()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(o => o.EmailThrottlePeriod = TimeSpan.Zero, notificationEmail: "bounce.admin@contoso.example");
        await host.UseSmtpAsync(smtp);
        var ct = TestContext.Current.CancellationToken;
        var first = await host.Center.RaiseAsync(host.FailureEvent(), ct);
        await host.WaitAsync(first, n => n.EmailStatus == DeliveryStatus.Bounced, Timeout);

        var second = await host.Center.RaiseAsync(host.FailureEvent(), ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        Assert.Equal(DeliveryStatus.None, (await host.NotificationAsync(second)).EmailStatus);
        Assert.Equal(0, (await host.NotificationAsync(second)).EmailAttempts);
        Assert.Contains("550", (await host.JobAsync()).NotificationEmailProblem, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());

        await using (var db = host.Services.GetRequiredService<Portal.Data.Tenancy.TenantDbContexts>().For(host.TenantId))
        {
            var tenant = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Tenants, ct);
            tenant.HelpDeskEmail = "helpdesk@contoso.example";
            await db.SaveChangesAsync(ct);
        }

        var third = await host.Center.RaiseAsync(host.FailureEvent(), ct);
        var delivered = await host.WaitAsync(third, n => n.EmailStatus == DeliveryStatus.Sent, Timeout);

        Assert.Equal(DeliveryStatus.Sent, delivered.EmailStatus);
        var message = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal(["helpdesk@contoso.example"], message.To.Mailboxes.Select(m => m.Address));
        Assert.NotNull((await host.JobAsync()).NotificationEmailProblem);
    }
}
