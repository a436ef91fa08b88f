using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;
using Portal.Testing;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// Two portal nodes (two hosts with their own Hangfire servers) on one real PostgreSQL database, 20 provisioning jobs
/// against the Graph emulator and 20 sandbox SCIM targets over loopback. Runs alone: Hangfire's logging is
/// process-wide, and a parallel test's host that stops would take it away from these two nodes.
/// </summary>
[Collection(nameof(HangfireNodesCollection))]
public sealed class MultiNodeCycleTests
{
    private const int Jobs = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TwoNodes_RunEveryJob_NeverTwoCyclesOfAJobAtOnce_AndStoppingANodeLosesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreatePostgreSqlAsync();
        await database.MigrateAsync();
        var directory = Directory(users: 12);
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: ct);
        var targets = Enumerable.Range(0, Jobs).Select(_ => new SandboxScimTarget(new SandboxScimOptions())).ToList();
        await using var scim = await StartTargetsAsync(targets);
        var address = scim.Urls.First();

        using var nodeA = await BackgroundNode.StartAsync(database);
        using var nodeB = await BackgroundNode.StartAsync(database);
        var (tenantId, jobIds) = await SeedJobsAsync(database, nodeA, graph, address);

        // Both nodes trigger every job: the second trigger is coalesced or runs after the first, never beside it.
        var started = DateTimeOffset.UtcNow;
        foreach (var jobId in jobIds)
        {
            nodeA.Services.GetRequiredService<ProvisioningScheduler>().TriggerNow(tenantId, jobId);
            nodeB.Services.GetRequiredService<ProvisioningScheduler>().TriggerNow(tenantId, jobId);
        }

        await WaitForCompletedCycleAsync(database, tenantId, jobIds, after: started);
        Assert.All(targets, t => Assert.Equal(12, t.Users.Count));

        // New work, then node A stops while its cycles run; node B finishes the work.
        for (var i = 12; i < 20; i++)
        {
            AddAssignedUser(directory, i);
        }

        var restarted = DateTimeOffset.UtcNow;
        foreach (var jobId in jobIds)
        {
            nodeA.Services.GetRequiredService<ProvisioningScheduler>().TriggerNow(tenantId, jobId);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        await nodeA.StopAsync(ct);
        foreach (var jobId in jobIds)
        {
            nodeB.Services.GetRequiredService<ProvisioningScheduler>().TriggerNow(tenantId, jobId);
        }

        await WaitForCompletedCycleAsync(database, tenantId, jobIds, after: restarted);
        foreach (var target in targets)
        {
            var userNames = target.Users.Select(u => u["userName"]!.GetValue<string>()).ToList();
            Assert.Equal(20, userNames.Count);
            Assert.Equal(20, userNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        await using var db = database.CreateContext(tenantId);
        var cycles = await db.Cycles.AsNoTracking().ToListAsync(ct);
        foreach (var job in cycles.GroupBy(c => c.JobId))
        {
            var ordered = job.OrderBy(c => c.StartedAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i - 1].EndedAt is { } ended && ended <= ordered[i].StartedAt,
                    $"Cycles {ordered[i - 1].Id} and {ordered[i].Id} of job {job.Key} overlapped.");
            }
        }

        await nodeB.StopAsync(ct);
    }

    private static SandboxGraphDirectory Directory(int users)
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        for (var i = 0; i < users; i++)
        {
            AddAssignedUser(directory, i);
        }

        return directory;
    }

    private static void AddAssignedUser(SandboxGraphDirectory directory, int i)
    {
        var id = directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = $"Node User {i}",
            ["userPrincipalName"] = $"node.user{i}@contoso.example",
            ["mailNickname"] = $"node.user{i}",
            ["accountEnabled"] = true,
        });
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, id, SandboxDemoIds.ScimUserRoleId);
    }

    private static async Task<WebApplication> StartTargetsAsync(IReadOnlyList<SandboxScimTarget> targets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        for (var i = 0; i < targets.Count; i++)
        {
            app.MapSandboxScim($"/t{i}", targets[i]);
        }

        await app.StartAsync();
        return app;
    }

    private static async Task<(Guid TenantId, List<Guid> JobIds)> SeedJobsAsync(TestDatabase database, IHost node, SandboxGraphServer graph, string scimAddress)
    {
        var protector = node.Services.GetRequiredService<SecretProtector>();
        var tenant = BackgroundNode.SandboxTenant(node, graph);
        await using var db = database.CreateContext(tenant.Id);
        db.Tenants.Add(tenant);
        var jobs = new List<ProvisioningJob>();
        for (var i = 0; i < Jobs; i++)
        {
            var job = new ProvisioningJob
            {
                Mode = ProvisioningMode.Automatic,
                Status = ProvisioningStatus.On,
                Target = { BaseUrl = $"{scimAddress}/t{i}", Secret = protector.Protect(SandboxScimOptions.DemoToken) },
            };
            db.Applications.Add(new Application
            {
                DisplayName = $"SCIM app {i}",
                TemplateId = "scim",
                ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId,
                ProvisioningJob = job,
            });
            jobs.Add(job);
        }

        await db.SaveChangesAsync();
        return (tenant.Id, jobs.Select(j => j.Id).ToList());
    }

    private static async Task WaitForCompletedCycleAsync(TestDatabase database, Guid tenantId, IReadOnlyCollection<Guid> jobIds, DateTimeOffset after)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await using var db = database.CreateContext(tenantId);
            var done = await db.Cycles.AsNoTracking()
                .Where(c => c.StartedAt >= after && (c.State == CycleState.Succeeded || c.State == CycleState.EntryLevelErrors))
                .Select(c => c.JobId).Distinct().CountAsync();
            var running = await db.Cycles.AsNoTracking().CountAsync(c => c.State == CycleState.Running);
            if (done == jobIds.Count && running == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Only {done} of {jobIds.Count} jobs completed a cycle in time; {running} still running.");
            await Task.Delay(250);
        }
    }
}

[CollectionDefinition(nameof(HangfireNodesCollection), DisableParallelization = true)]
public sealed class HangfireNodesCollection;
