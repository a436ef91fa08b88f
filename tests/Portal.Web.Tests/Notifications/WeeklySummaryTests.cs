using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Notifications;

/// <summary>
/// The weekly summary a job's admins opt into: the week's cycles and changes, what is failing now and the job's state,
/// emailed through a real SMTP server to the job's notification email only.
/// </summary>
public sealed class WeeklySummaryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AJobThatAskedForIt_GetsItsWeek_ChangesFailuresAndState_AtItsNotificationEmailOnly()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(time: new FakeTimeProvider(Monday), tenant: t => t.HelpDeskEmail = "helpdesk@contoso.example");
        await host.UseSmtpAsync(smtp);
        await using (var db = Db(host))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == host.JobId, Ct);
            (job.SendWeeklySummary, job.SendNotificationOnFailure, job.Status, job.LastCycleEndedAt) = (true, false, ProvisioningStatus.On, Monday.AddMinutes(-20));
            Cycle(db, host, Monday.AddDays(-3), CycleState.Succeeded, created: 12, updated: 40);
            Cycle(db, host, Monday.AddDays(-1), CycleState.EntryLevelErrors, updated: 2, disabled: 1);
            // Before the week, and a dry run: neither counts.
            Cycle(db, host, Monday.AddDays(-8), CycleState.Succeeded, created: 500);
            Cycle(db, host, Monday.AddHours(-2), CycleState.Succeeded, created: 7, kind: CycleKind.DryRun);
            db.LinkedObjects.AddRange(Link(host, LinkState.Active), Link(host, LinkState.Active), Link(host, LinkState.Disabled));
            db.ProvisioningLogs.Add(new ProvisioningLogEntry
            {
                JobId = host.JobId, CycleId = Guid.NewGuid(), ChangeId = Guid.NewGuid(), IdentityType = ObjectKind.User, SourceId = "ann",
                SourceDisplayName = "Ann", Action = ProvisioningAction.Create, Status = ProvisioningLogStatus.Failure, ActivityDateTime = Monday.AddDays(-1),
                ErrorCode = "SchemaViolation", ErrorReason = "userName is not unique", RecommendedAction = "Give the user a unique user name.",
            });
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(1, await host.Services.GetRequiredService<WeeklySummary>().RunAsync(Ct));

        var email = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal("[Portal] GoTo Meeting: weekly summary — 12 created, 42 updated, 1 disabled, 1 object failing", email.Subject);
        Assert.Equal(["admin@contoso.example"], email.To.Mailboxes.Select(m => m.Address));
        var text = System.Text.RegularExpressions.Regex.Replace(email.TextBody ?? "", @"\s+", " ");
        Assert.Contains("From 2026-11-30 07:00 to 2026-12-07 07:00 UTC: 2 cycles, which 12 created, 42 updated, 1 disabled accounts and groups in the target.", text, StringComparison.Ordinal);
        Assert.Contains("Now: provisioning is On; 2 active and 1 disabled accounts in the application; last cycle ended 2026-12-07 06:40 UTC.", text, StringComparison.Ordinal);
        Assert.Contains("SchemaViolation (1): userName is not unique", text, StringComparison.Ordinal);
        Assert.Contains($"https://portal.contoso.example/logs?jobId={host.JobId}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQuietWeek_SaysSo_AndAJobThatDidNotAsk_GetsNothing()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(time: new FakeTimeProvider(Monday));
        await host.UseSmtpAsync(smtp);
        var summary = host.Services.GetRequiredService<WeeklySummary>();

        Assert.Equal(0, await summary.RunAsync(Ct));

        await using (var db = Db(host))
        {
            (await db.ProvisioningJobs.SingleAsync(j => j.Id == host.JobId, Ct)).SendWeeklySummary = true;
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(1, await summary.RunAsync(Ct));
        var email = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal("[Portal] GoTo Meeting: weekly summary — no changes", email.Subject);
        var text = System.Text.RegularExpressions.Regex.Replace(email.TextBody ?? "", @"\s+", " ");
        Assert.Contains("0 cycles, which changed nothing in the target. Now: provisioning is Off; 0 active and 0 disabled accounts in the application; no cycle has run yet. Nothing is failing.",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSummary_IsRegisteredAsARecurringJob_AtStartUp()
    {
        await using var host = await NotificationHost.StartAsync();
        using var connection = host.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();

        var recurring = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), r => r.Id == WeeklySummary.RecurringId);
        Assert.Equal("0 7 * * 1", recurring.Cron);
    }

    private static Portal.Data.PortalDbContext Db(NotificationHost host) => host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);

    private static void Cycle(Portal.Data.PortalDbContext db, NotificationHost host, DateTimeOffset at, CycleState state,
        int created = 0, int updated = 0, int disabled = 0, CycleKind kind = CycleKind.Incremental) =>
        db.Cycles.Add(new Cycle
        {
            JobId = host.JobId, Kind = kind, State = state, StartedAt = at, EndedAt = at.AddMinutes(1),
            Created = created, Updated = updated, Disabled = disabled,
        });

    private static LinkedObject Link(NotificationHost host, LinkState state) => new()
    {
        JobId = host.JobId, Kind = ObjectKind.User, SourceId = Guid.NewGuid().ToString(), TargetId = Guid.NewGuid().ToString(), State = state,
    };
}
