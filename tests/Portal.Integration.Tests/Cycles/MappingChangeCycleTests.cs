using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Planning;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// Graph's delta names only objects that changed in the directory; a mapping change changes what every object should
/// look like in the target. As in Entra, the cycle after a mapping change reads and evaluates every object again.
/// </summary>
public sealed class MappingChangeCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_AfterAMappingChange_EvaluatesEveryObjectAgain_ThenIsQuiet(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        foreach (var alias in new[] { "ada", "bob", "cyd" })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, sandbox.AddUser(alias), EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync();
        Assert.Equal(3, (await sandbox.RunAsync()).Created);
        Assert.Equal(0, (await sandbox.RunAsync()).Updated);

        var attributes = new List<SyncJobAttribute>
        {
            new("userName", "userPrincipalName", Matching: 1),
            new("displayName", "displayName"),
            new("title", "Join(\" \", \"Team\", [givenName])", MappingType.Expression),
        };
        await sandbox.ConfigureAsync(sandbox.UsersMapped(attributes));

        var preview = await sandbox.RunAsync(new CycleOptions(DryRun: true, IgnoreQuarantineSchedule: true));
        Assert.Equal(3, preview.Changes.Count(c => c.Action == ChangeAction.Update));
        var remapped = await sandbox.RunAsync(new CycleOptions(IgnoreQuarantineSchedule: true, StartedBy: "SyncNow"));

        Assert.Equal((CycleKind.Initial, 3, 0, 0), (remapped.Kind, remapped.Updated, remapped.Created, remapped.Failed));
        Assert.Contains("the mappings or the scope changed", remapped.Error, StringComparison.Ordinal);
        await using (var db = sandbox.Database.CreateContext(sandbox.TenantId))
        {
            // The cycle's history says what started it.
            Assert.Equal("SyncNow", (await db.Cycles.SingleAsync(c => c.Id == remapped.CycleId, TestContext.Current.CancellationToken)).StartedBy);
        }

        Assert.Equal(["Team ada", "Team bob", "Team cyd"], sandbox.TargetUsers().Values.Select(u => u["title"]?.GetValue<string>()).Order());
        var quiet = await sandbox.RunAsync();
        Assert.Equal((CycleKind.Incremental, 0, null), (quiet.Kind, quiet.Updated, quiet.Error));
    }
}
