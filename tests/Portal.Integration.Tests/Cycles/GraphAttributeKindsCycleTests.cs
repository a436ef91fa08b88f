using Portal.Data;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// Scoping on what Graph sends as a list (<c>otherMails</c>) and on a directory extension, end to end: emulator, the
/// Graph SDK, the source's conversion and the scoping filter. Both once arrived as something else (the list as the
/// SDK backing store's text of it, the extension not at all), and nobody was in scope.
/// </summary>
public sealed class GraphAttributeKindsCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_ScopesOnAMultiValuedAttributeAndADirectoryExtension(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (vip, other, bare) = (sandbox.AddUser("vip"), sandbox.AddUser("other"), sandbox.AddUser("bare"));
        sandbox.Directory.UpdateUser(vip, new Dictionary<string, object?>
        {
            ["otherMails"] = new[] { "alias@contoso.example", "vip@contoso.example" },
            ["extension_0a1b_costCenter"] = "4711",
        });
        sandbox.Directory.UpdateUser(other, new Dictionary<string, object?>
        {
            ["otherMails"] = new[] { "vip@contoso.example" },
            ["extension_0a1b_costCenter"] = "1000",
        });
        foreach (var id in new[] { vip, other, bare })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole);
        }

        var filter = new SyncJobFilter("VIP cost centre",
            [new SyncJobClause("otherMails", "EQUALS", "vip@contoso.example"), new SyncJobClause("extension_0a1b_costCenter", "EQUALS", "4711")]);
        await sandbox.ConfigureAsync(sandbox.UsersMapped(filters: filter));

        var cycle = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, cycle.Outcome);
        Assert.Equal(["vip@contoso.example"], sandbox.TargetUsers().Keys);
    }
}
