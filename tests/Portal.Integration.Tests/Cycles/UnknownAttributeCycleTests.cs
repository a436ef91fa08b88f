using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// A mapping saved before names were checked (or written to the database by hand) may name what the directory does not
/// have. Graph refuses a whole page selecting such a name, so the cycle leaves it out of the read, maps the rest, and
/// says which mapping to fix; nothing else stops.
/// </summary>
public sealed class UnknownAttributeCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_LeavesAnUnknownNameOutOfTheRead_AndSaysWhichMappingToFix(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ada = sandbox.AddUser("ada", department: "Sales");
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync(sandbox.UsersMapped([new("userName", "userPrincipalName", Matching: 1), new("title", "jobTitle"), new("displayName", "displayName")]));
        await using (var db = sandbox.Database.CreateContext(sandbox.TenantId))
        {
            var title = await db.Set<AttributeMapping>().SingleAsync(m => m.TargetAttribute == "title", TestContext.Current.CancellationToken);
            title.Source = "departmnet";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var cycle = await sandbox.RunAsync();

        Assert.Equal((CycleOutcome.Completed, true, 1, 0), (cycle.Outcome, cycle.SourceComplete, cycle.Created, cycle.Failed));
        var created = sandbox.TargetUsers()["ada@contoso.example"];
        Assert.Equal("User ada", created["displayName"]!.GetValue<string>());
        Assert.Null(created["title"]);
        Assert.Contains("'departmnet' is not an attribute of directory users; did you mean 'department'?", cycle.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Graph.Emulator.RequestLog.Snapshot(), r => r.Status == 400);
    }
}
