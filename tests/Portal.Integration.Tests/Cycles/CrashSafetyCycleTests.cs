using Portal.Data;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// A cycle cancelled at a random point of its export, then run again, creates nothing twice, loses no update and
/// never moves the watermark past changes it did not export.
/// </summary>
public sealed class CrashSafetyCycleTests
{
    private const int Users = 30;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 11)]
    [InlineData(DatabaseProvider.Sqlite, 12)]
    [InlineData(DatabaseProvider.PostgreSql, 13)]
    public async Task RunCycle_CreatesNoDuplicatesAndLosesNoUpdate_WhenCancelledMidExport(DatabaseProvider provider, int seed)
    {
        var random = new Random(seed);
        await using var sandbox = await EngineSandbox.StartAsync(provider, new EngineOptions { WriteBatchSize = 7 });
        var ids = Enumerable.Range(1, Users).Select(i => sandbox.AddUser($"user{i:00}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync();

        var firstCrash = random.Next(1, Users / 2);
        var secondCrash = random.Next(Users / 2, Users);
        await CancelWhenAsync(sandbox, () => sandbox.Scim.Target.Users.Count >= firstCrash);
        await CancelWhenAsync(sandbox, () => sandbox.Scim.Target.Users.Count >= secondCrash);
        var initial = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, initial.Outcome);
        Assert.Equal(Users, sandbox.Scim.Target.Users.Count);
        Assert.Equal(Users, sandbox.TargetUsers().Count);
        Assert.Equal(Users, (await sandbox.LinksAsync()).Count(l => l.TargetId is not null));

        var watermark = (await sandbox.JobAsync()).Watermark.UsersDeltaLink;
        foreach (var id in ids)
        {
            sandbox.Directory.UpdateUser(id, new Dictionary<string, object?> { ["department"] = "Research" });
        }

        var thirdCrash = random.Next(1, Users);
        await CancelWhenAsync(sandbox, () => sandbox.Scim.Target.Users.Count(u => EngineSandbox.Department(u) == "Research") >= thirdCrash);
        Assert.Equal(watermark, (await sandbox.JobAsync()).Watermark.UsersDeltaLink);

        var incremental = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, incremental.Outcome);
        Assert.Equal(0, incremental.Created);
        Assert.All(sandbox.Scim.Target.Users, u => Assert.Equal("Research", EngineSandbox.Department(u)));
        Assert.Equal(Users, sandbox.Scim.Target.Users.Count);
        Assert.NotEqual(watermark, (await sandbox.JobAsync()).Watermark.UsersDeltaLink);
    }

    private static async Task CancelWhenAsync(EngineSandbox sandbox, Func<bool> condition)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watcher = Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested && !condition())
            {
                await Task.Delay(1, CancellationToken.None);
            }

            await cancel.CancelAsync();
        }, CancellationToken.None);
        try
        {
            await sandbox.RunAsync(cancellationToken: cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // The crash under test.
        }

        await cancel.CancelAsync();
        await watcher;
    }
}
