using Portal.Benchmarks.Sync;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Testing;

namespace Portal.Integration.Tests.Benchmarks;

/// <summary>
/// The sync benchmark's harness at 500 users: every figure is produced and the target holds exactly the accounts the
/// directory calls for. Correctness only; speed is measured by <c>Portal.Benchmarks sync</c>, never asserted here.
/// </summary>
public sealed class SyncHarnessSmokeTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Run_ProducesEveryFigureAndLeavesExactlyTheExpectedAccounts_WhenRunAt500Users(DatabaseProvider provider)
    {
        Assert.SkipWhen(provider == DatabaseProvider.PostgreSql && TestDatabase.PostgresServer is null, "PORTAL_TEST_POSTGRES is not set.");

        var figures = await SyncHarness.RunAsync(new SyncHarnessOptions { Users = 500, Groups = 10, Memberships = 1_000, ChangedPercent = 2, Database = provider },
            TestContext.Current.CancellationToken);

        Assert.Equal(CycleKind.Initial, figures.Initial.Kind);
        Assert.Equal(CycleKind.Incremental, figures.Incremental.Kind);
        Assert.All([figures.Initial, figures.Incremental, figures.NoChange], r => Assert.Equal(CycleOutcome.Completed, r.Outcome));
        Assert.All([figures.Initial, figures.Incremental, figures.NoChange], r => Assert.Equal(0, r.Failed));
        Assert.Equal(figures.Expected.Users.Count + figures.Expected.Groups.Count, figures.Initial.Created);
        Assert.Equal(10, figures.ChangedUsers);
        Assert.Equal(figures.ChangedUsers, figures.Incremental.Updated);
        Assert.Equal(0, figures.NoChange.Created + figures.NoChange.Updated + figures.NoChange.Disabled + figures.NoChange.Deleted);
        // A mapping added: the next cycle reads everyone again and updates exactly the users, each with the new value.
        Assert.Equal((CycleKind.Initial, 490, 0, 0), (figures.Remapped!.Kind, figures.Remapped.Updated, figures.Remapped.Created, figures.Remapped.Failed));
        Assert.True(figures.RemapSeconds > 0);
        Assert.Equal(figures.Expected.Users.Count + figures.Expected.Groups.Count + figures.Expected.Memberships, figures.Objects);
        Assert.All([figures.RawObjectsPerSecond, figures.InitialObjectsPerSecond, figures.Ratio, figures.IncrementalSeconds, figures.NoChangeSeconds, figures.PeakWorkingSetMb],
            v => Assert.True(double.IsFinite(v) && v > 0, $"figure {v}"));
        // The engine's own instrument: the initial cycle's batches, each with its log rows, changes and commit timed.
        Assert.InRange(figures.InitialWriter.Batches, 1, 100);
        Assert.All([figures.InitialWriter.LogSeconds, figures.InitialWriter.ChangeSeconds, figures.InitialWriter.CommitSeconds], v => Assert.True(v > 0, $"writer {v}"));

        Assert.Equal(490, figures.Expected.Users.Count);
        Assert.Equal(figures.Expected.Users.OrderBy(u => u.Key), figures.Actual.Users.OrderBy(u => u.Key));
        Assert.Equal(figures.Expected.Groups.OrderBy(g => g.Key), figures.Actual.Groups.OrderBy(g => g.Key));
        Assert.True(figures.TargetMatches);

        // Compared with the links, the whole target is as the engine exported it: nothing edited, missing or unmanaged.
        var users = Assert.Single(figures.Reconciliation!.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((490, 490, 490, 0), (users.InTarget, users.Linked, users.InStep, users.DriftedCount + users.MissingCount + users.UnmanagedCount));
        Assert.Empty(users.NotCompared);
        var groups = Assert.Single(figures.Reconciliation.Sections, s => s.Kind == ObjectKind.Group);
        Assert.Equal((10, 10, 0), (groups.InTarget, groups.InStep, groups.DriftedCount + groups.MissingCount + groups.UnmanagedCount));
        Assert.True(figures.ReconcileSeconds > 0);
    }
}
