using Portal.Data;
using Portal.Data.Entities;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Cycles;

public sealed class DeprovisioningGuardCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_HoldsAMassUnassignment_UntilTheAdminAllowsIt(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ids = Enumerable.Range(1, 5).Select(i => sandbox.AddUser($"user{i}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync(sandbox.JobFile(deletionThreshold: 2));
        await sandbox.RunAsync();
        ids.Take(3).ToList().ForEach(sandbox.Unassign);

        var held = await sandbox.RunAsync();

        Assert.Equal(3, held.Held);
        Assert.Equal(0, held.Disabled);
        Assert.Equal(QuarantineReason.TooManyDeletes, held.Quarantine);
        Assert.All(sandbox.TargetUsers().Values, u => Assert.True(EngineSandbox.Active(u)));
        var job = await sandbox.JobAsync();
        Assert.Equal(JobStatusCode.Quarantine, job.StatusCode);
        Assert.Equal(QuarantineReason.TooManyDeletes, job.Quarantine.Reason);
        Assert.Equal(3, (await sandbox.LogsAsync(held.CycleId)).Count(l => l.Action == ProvisioningAction.StagedDelete));

        var stillHeld = await sandbox.RunAsync();
        Assert.Equal(3, stillHeld.Held);

        var allowed = await sandbox.Engine.AllowHeldDeletionsAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);

        Assert.Equal(3, allowed.Disabled);
        Assert.Equal(QuarantineReason.None, allowed.Quarantine);
        Assert.Equal(3, sandbox.TargetUsers().Values.Count(u => !EngineSandbox.Active(u)));
        Assert.Equal(JobStatusCode.Active, (await sandbox.JobAsync()).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_ExportsNoDisableOrDelete_WhenTheSourceReadIsPartial(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ids = Enumerable.Range(1, 4).Select(i => sandbox.AddUser($"user{i}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        var watermark = (await sandbox.JobAsync()).Watermark.UsersDeltaLink;
        sandbox.Unassign(ids[0]);
        sandbox.Directory.HardDeleteUser(ids[1]);
        sandbox.Graph.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.TruncatedPage, 100, "users/delta"));

        var partial = await sandbox.RunAsync();

        Assert.False(partial.SourceComplete);
        Assert.Equal(0, partial.Disabled + partial.Deleted);
        Assert.Equal(4, sandbox.TargetUsers().Values.Count(EngineSandbox.Active));
        Assert.Equal(watermark, (await sandbox.JobAsync()).Watermark.UsersDeltaLink);

        sandbox.Graph.Emulator.Faults.Clear();
        var complete = await sandbox.RunAsync();

        Assert.True(complete.SourceComplete);
        Assert.Equal(1, complete.Disabled);
        Assert.Equal(1, complete.Deleted);
        Assert.Equal(2, sandbox.TargetUsers().Values.Count(EngineSandbox.Active));
    }
}
