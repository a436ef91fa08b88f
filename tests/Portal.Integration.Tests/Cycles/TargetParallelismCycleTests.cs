using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The engine keeps more objects in work than the target may see requests, so the target never waits for the engine's
/// own work; what reaches the target is still capped at the job's parallelism.
/// </summary>
public sealed class TargetParallelismCycleTests
{
    [Fact]
    public async Task RunCycle_NeverHasMoreRequestsAtTheTargetThanItsParallelism_AndUsesIt()
    {
        // Requests that take a while overlap, so a cap that did not hold would show.
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, graphOptions: new SandboxGraphOptions { MaxPageSize = 20 },
            targetOptions: new SandboxScimOptions { Latency = TimeSpan.FromMilliseconds(20) });
        var ids = Enumerable.Range(1, 60).Select(i => sandbox.AddUser($"user{i:00}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync();

        var result = await sandbox.RunAsync();

        Assert.Equal(60, result.Created);
        var parallelism = new TargetConnectorSettings(sandbox.Scim.ScimBaseUrl, TargetAuthKind.BearerToken, null).MaxParallelism;
        Assert.InRange(sandbox.Scim.Target.PeakRequestsInFlight, 2, parallelism);
    }
}
