using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>A cycle left Running by a node that died is marked Abandoned by the job's next cycle, with the reason.</summary>
public sealed class AbandonedCycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_MarksACycleWithAStaleHeartbeatAbandoned_AndLeavesALiveOneRunning(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        sandbox.Directory.Assign(EngineSandbox.Sp, sandbox.AddUser("ann"), EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        var now = DateTimeOffset.UtcNow;
        var dead = await AddRunningCycleAsync(sandbox, "node-gone", heartbeat: now.AddMinutes(-10));
        var live = await AddRunningCycleAsync(sandbox, "node-alive", heartbeat: now.AddSeconds(-20));

        var result = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, result.Outcome);
        var cycles = await CyclesAsync(sandbox);
        var abandoned = cycles.Single(c => c.Id == dead);
        Assert.Equal(CycleState.Abandoned, abandoned.State);
        Assert.NotNull(abandoned.EndedAt);
        Assert.Contains("node-gone", abandoned.Error, StringComparison.Ordinal);
        Assert.Contains(result.CycleId.ToString(), abandoned.Error, StringComparison.Ordinal);
        Assert.Contains("check that node's logs", abandoned.Error, StringComparison.Ordinal);
        Assert.Equal(CycleState.Running, cycles.Single(c => c.Id == live).State);
        Assert.Equal(CycleState.Succeeded, cycles.Single(c => c.Id == result.CycleId).State);
        Assert.NotNull(cycles.Single(c => c.Id == result.CycleId).HeartbeatAt);
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        Assert.Single(await db.Notifications.Where(n => n.Kind == "CycleAbandoned").ToListAsync(Ct));
    }

    [Fact]
    public async Task RunCycle_MarksEveryOtherRunningCycleAbandoned_WhenTheCallerHoldsTheJobLock()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        await sandbox.ConfigureAsync();
        var killedJustNow = await AddRunningCycleAsync(sandbox, "worker-1", heartbeat: DateTimeOffset.UtcNow);

        var result = await sandbox.RunAsync(new CycleOptions(IgnoreQuarantineSchedule: true, HoldsJobLock: true));

        var abandoned = (await CyclesAsync(sandbox)).Single(c => c.Id == killedJustNow);
        Assert.Equal(CycleState.Abandoned, abandoned.State);
        Assert.Contains("no longer holds the job's lock", abandoned.Error, StringComparison.Ordinal);
        Assert.Equal(CycleOutcome.Completed, result.Outcome);
    }

    private static async Task<Guid> AddRunningCycleAsync(EngineSandbox sandbox, string node, DateTimeOffset heartbeat)
    {
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        var cycle = new Cycle
        {
            JobId = sandbox.JobId, Kind = CycleKind.Initial, StartedAt = heartbeat.AddMinutes(-30), HeartbeatAt = heartbeat, Node = node,
            TotalUnits = 100, CompletedUnits = 40,
        };
        db.Cycles.Add(cycle);
        await db.SaveChangesAsync(Ct);
        return cycle.Id;
    }

    private static async Task<List<Cycle>> CyclesAsync(EngineSandbox sandbox)
    {
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        return await db.Cycles.AsNoTracking().Where(c => c.JobId == sandbox.JobId).ToListAsync(Ct);
    }
}
