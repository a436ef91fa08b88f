using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cycles;

public sealed class EscrowCycleTests
{
    [Fact]
    public async Task RunCycle_RetriesAFailedObjectOnlyWhenItsBackOffIsDue_ThenClearsItsEscrow()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, time: clock);
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Legal" });
        sandbox.Scim.Target.Faults.Add(new SandboxFault(SandboxFaultKind.WrongContentType, Count: 1, Method: "PATCH"));

        var failing = await sandbox.RunAsync();

        Assert.Equal(1, failing.Failed);
        var escrow = Assert.Single(await EscrowsAsync(sandbox));
        Assert.Equal(ann, escrow.SourceId);
        Assert.Equal(clock.GetUtcNow().AddHours(6), escrow.NextAttemptAt);
        var failure = Assert.Single(await sandbox.LogsAsync(failing.CycleId), l => l.Status == ProvisioningLogStatus.Failure);
        Assert.NotNull(failure.ErrorCode);

        clock.Advance(TimeSpan.FromHours(5));
        var notYet = await sandbox.RunAsync();
        Assert.Equal(0, notYet.Updated + notYet.Failed);

        clock.Advance(TimeSpan.FromHours(1));
        var retried = await sandbox.RunAsync();

        Assert.Equal(1, retried.Updated);
        Assert.Equal(0, retried.Failed);
        Assert.Empty(await EscrowsAsync(sandbox));
        Assert.Equal("Legal", EngineSandbox.Department(sandbox.TargetUsers()["ann@contoso.example"]));
    }

    private static async Task<List<EscrowEntry>> EscrowsAsync(EngineSandbox sandbox)
    {
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        return await db.EscrowEntries.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }
}
