using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;
using Portal.Testing;
using Portal.Web.Jobs;
using Portal.Web.Tests.Jobs;

namespace Portal.Web.Tests.Notifications;

/// <summary>
/// A real cycle on a portal node (engine, Hangfire, Graph emulator and sandbox SCIM target over loopback) whose target
/// refuses the token while the SMTP server is down: the cycle ends, and its notification is delivered once SMTP is back.
/// </summary>
[Collection(nameof(HangfireNodesCollection))]
public sealed class CycleNotificationDeliveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SmtpDown_TheCycleStillEnds_AndItsNotificationArrivesWhenSmtpReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: ct);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), ct);
        await using var smtp = SmtpServer.Create();
        using var node = await BackgroundNode.StartAsync(database, QuickRetries);
        var (tenantId, jobId) = await SeedAsync(database, node, graph, scim, smtp.Port);

        node.Services.GetRequiredService<ProvisioningScheduler>().TriggerNow(tenantId, jobId);

        var cycle = await WaitForAsync(database, tenantId, db => db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.State != CycleState.Running, ct));
        Assert.NotEqual(CycleState.Succeeded, cycle.State);
        var pending = await WaitForAsync(database, tenantId, db => db.Notifications.AsNoTracking()
            .FirstOrDefaultAsync(n => n.JobId == jobId && n.EmailAttempts >= 1 && n.EmailStatus == DeliveryStatus.Pending, ct));
        Assert.Null(await FirstAsync(database, tenantId, db => db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.EmailStatus == DeliveryStatus.Sent, ct)));

        await smtp.StartAsync();

        var delivered = await WaitForAsync(database, tenantId, db => db.Notifications.AsNoTracking()
            .FirstOrDefaultAsync(n => n.Id == pending.Id && n.EmailStatus == DeliveryStatus.Sent, ct));
        Assert.True(delivered.EmailAttempts >= 2);
        var messages = await smtp.WaitForMessagesAsync(1, Timeout);
        Assert.Contains(messages, m => m.Subject == "[Portal] " + delivered.Title && m.To.Mailboxes.Single().Address == "ops@contoso.example");
        Assert.Contains(messages, m => m.TextBody?.Contains($"logs?jobId={jobId}", StringComparison.Ordinal) == true);
    }

    // Notification retries a second apart, so "SMTP comes back" is seen within the test's time.
    private static readonly Dictionary<string, string?> QuickRetries =
        Enumerable.Range(0, 6).ToDictionary(i => $"Notifications:RetryDelays:{i}", _ => (string?)"00:00:01");

    private static async Task<(Guid TenantId, Guid JobId)> SeedAsync(TestDatabase database, IHost node, SandboxGraphServer graph, SandboxScimServer scim, int smtpPort)
    {
        var protector = node.Services.GetRequiredService<SecretProtector>();
        var tenant = BackgroundNode.SandboxTenant(node, graph);
        await using var db = database.CreateContext(tenant.Id);
        db.Tenants.Add(tenant);
        db.MailSettings.Add(new MailSettings { Host = "127.0.0.1", Port = smtpPort, Security = MailSecurity.None, FromAddress = "portal@contoso.example" });
        var job = new ProvisioningJob
        {
            Mode = ProvisioningMode.Automatic,
            Status = ProvisioningStatus.On,
            NotificationEmail = "ops@contoso.example",
            SendNotificationOnFailure = true,
            // A token the target never issued: every request is refused, as after a credential rotation.
            Target = { BaseUrl = scim.ScimBaseUrl, Secret = protector.Protect("a-token-the-target-never-issued") },
        };
        db.Applications.Add(new Application
        {
            DisplayName = "SCIM app", TemplateId = "scim", ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId, ProvisioningJob = job,
        });
        await db.SaveChangesAsync();
        return (tenant.Id, job.Id);
    }

    private static async Task<T?> FirstAsync<T>(TestDatabase database, Guid tenantId, Func<PortalDbContext, Task<T?>> query)
    {
        await using var db = database.CreateContext(tenantId);
        return await query(db);
    }

    private static async Task<T> WaitForAsync<T>(TestDatabase database, Guid tenantId, Func<PortalDbContext, Task<T?>> query)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (await FirstAsync(database, tenantId, query) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(250);
        }
    }
}
