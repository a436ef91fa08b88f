using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// An incremental cycle with an empty delta, unchanged assignments and scope settings, and no failed object waiting
/// looks at no object; anything that could change an outcome Graph's delta does not report makes it look again.
/// </summary>
public sealed class QuietCycleTests
{
    [Fact]
    public async Task RunCycle_SendsNothingToTheTarget_WhenNothingChanged()
    {
        await using var sandbox = await StartedAsync(DatabaseProvider.Sqlite);
        await sandbox.RunAsync();
        var requestsBefore = sandbox.Scim.Target.Requests.Entries.Count;

        var quiet = await sandbox.RunAsync();

        Assert.Equal(CycleState.Succeeded, quiet.State);
        Assert.True(quiet.SourceComplete);
        Assert.Equal(0, quiet.Created + quiet.Updated + quiet.Disabled + quiet.Deleted + quiet.Skipped + quiet.Failed);
        Assert.Equal(requestsBefore, sandbox.Scim.Target.Requests.Entries.Count);
        Assert.NotNull((await sandbox.JobAsync()).Watermark.EntitlementDigest);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_DisablesUsersNoLongerInScope_WhenOnlyTheJobsScopeChanged(DatabaseProvider provider)
    {
        await using var sandbox = await StartedAsync(provider, scopeAll: true);
        sandbox.AddUser("unassigned");
        await sandbox.RunAsync();
        await sandbox.RunAsync();
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["unassigned@contoso.example"]));

        await using (var db = sandbox.Database.CreateContext(sandbox.TenantId))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == sandbox.JobId, TestContext.Current.CancellationToken);
            job.Scope = ProvisioningScope.AssignedOnly;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var next = await sandbox.RunAsync();

        Assert.Equal(1, next.Disabled);
        Assert.False(EngineSandbox.Active(sandbox.TargetUsers()["unassigned@contoso.example"]));
    }

    private static async Task<EngineSandbox> StartedAsync(DatabaseProvider provider, bool scopeAll = false)
    {
        var sandbox = await EngineSandbox.StartAsync(provider);
        var ids = Enumerable.Range(1, 3).Select(i => sandbox.AddUser($"user{i}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        var file = sandbox.JobFile();
        await sandbox.ConfigureAsync(scopeAll ? file with { Source = file.Source with { Scope = ProvisioningScope.All } } : file);
        return sandbox;
    }
}
