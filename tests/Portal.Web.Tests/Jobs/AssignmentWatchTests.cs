using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;
using Portal.Testing;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// Graph notifies no change of an app-role assignment: the assignment watch reads each job's assignments and queues a
/// cycle when they differ from its last cycle's. A real node (Hangfire server, engine) with the Graph emulator and a
/// strict sandbox SCIM target over loopback.
/// </summary>
[Collection(nameof(HangfireNodesCollection))]
public sealed class AssignmentWatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANewOrRemovedAssignment_StartsACycleWithoutWaitingForTheSchedule_AndNoChangeStartsNone()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        Assign(directory, "ann");
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        // The watch runs when the test says, not on its cron.
        using var node = await BackgroundNode.StartAsync(database, new Dictionary<string, string?> { [$"{AssignmentWatchSettings.Section}:Cron"] = "" });
        var (tenantId, jobId) = await SeedAsync(database, node, graph, scim);
        var watch = node.Services.GetRequiredService<AssignmentWatchJob>();

        // Before the job's first cycle there is nothing to compare with: its initial cycle reads everyone anyway.
        Assert.Equal(0, await watch.RunAsync(Ct));
        node.Services.GetRequiredService<ProvisioningScheduler>().TriggerNow(tenantId, jobId);
        await CompletedCyclesAsync(database, tenantId, 1);
        Assert.Single(scim.Target.Users);
        Assert.Equal(0, await watch.RunAsync(Ct));

        var bob = Assign(directory, "bob");
        Assert.Equal(1, await watch.RunAsync(Ct));
        var added = (await CompletedCyclesAsync(database, tenantId, 2))[^1];
        Assert.Equal((nameof(CycleTrigger.AssignmentChange), 1), (added.StartedBy, added.Created));
        Assert.Contains(scim.Target.Users, u => u["userName"]!.GetValue<string>() == "bob@contoso.example");
        Assert.Equal(0, await watch.RunAsync(Ct));

        directory.Unassign(SandboxDemoIds.ScimServicePrincipalId, bob);
        Assert.Equal(1, await watch.RunAsync(Ct));
        var removed = (await CompletedCyclesAsync(database, tenantId, 3))[^1];
        Assert.Equal((nameof(CycleTrigger.AssignmentChange), 1), (removed.StartedBy, removed.Disabled));
        Assert.False(scim.Target.Users.Single(u => u["userName"]!.GetValue<string>() == "bob@contoso.example")["active"]!.GetValue<bool>());

        // A job switched Off is not watched.
        await using (var db = database.CreateContext(tenantId))
        {
            (await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct)).Status = ProvisioningStatus.Off;
            await db.SaveChangesAsync(Ct);
        }

        Assign(directory, "cid");
        Assert.Equal(0, await watch.RunAsync(Ct));
        await node.StopAsync(Ct);
    }

    [Theory]
    [InlineData("*/5 * * * *", "every 5 minutes")]
    [InlineData("* * * * *", "every minute")]
    [InlineData("0 */2 * * *", "on the schedule 0 */2 * * * (cron, UTC)")]
    [InlineData("", null)]
    public void Cadence_SaysHowOftenAssignmentsAreRead_InWords(string cron, string? expected) =>
        Assert.Equal(expected, new AssignmentWatchSettings { Cron = cron }.Cadence);

    // Returns the assignment's id.
    private static string Assign(SandboxGraphDirectory directory, string name)
    {
        var id = directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = name, ["userPrincipalName"] = $"{name}@contoso.example", ["mailNickname"] = name, ["accountEnabled"] = true,
        });
        return directory.Assign(SandboxDemoIds.ScimServicePrincipalId, id, SandboxDemoIds.ScimUserRoleId);
    }

    private static async Task<List<Cycle>> CompletedCyclesAsync(TestDatabase database, Guid tenantId, int count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await using var db = database.CreateContext(tenantId);
            var cycles = await db.Cycles.AsNoTracking().Where(c => c.State != CycleState.Running).OrderBy(c => c.StartedAt).ToListAsync(Ct);
            if (cycles.Count >= count)
            {
                Assert.All(cycles, c => Assert.Equal(CycleState.Succeeded, c.State));
                return cycles;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{cycles.Count} of {count} cycles completed in time.");
            await Task.Delay(200, Ct);
        }
    }

    private static async Task<(Guid TenantId, Guid JobId)> SeedAsync(TestDatabase database, IHost node, SandboxGraphServer graph, SandboxScimServer scim)
    {
        var protector = node.Services.GetRequiredService<SecretProtector>();
        var tenant = BackgroundNode.SandboxTenant(node, graph);
        await using var db = database.CreateContext(tenant.Id);
        db.Tenants.Add(tenant);
        var job = new ProvisioningJob
        {
            Mode = ProvisioningMode.Automatic,
            Status = ProvisioningStatus.On,
            Target = { BaseUrl = scim.ScimBaseUrl, Secret = protector.Protect(SandboxScimOptions.DemoToken) },
        };
        db.Applications.Add(new Application
        {
            DisplayName = "SCIM app", TemplateId = "scim", ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId, ProvisioningJob = job,
        });
        await db.SaveChangesAsync(Ct);
        return (tenant.Id, job.Id);
    }
}
