using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Planning;
using Portal.Testing;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The cycle's writer works one batch behind the export: whoever fills a batch waits for the one before it. A batch
/// that fails to write must still fail the cycle, even when it is the last one cut before the flush, which no export
/// task waits for — otherwise the cycle would end as completed with links that were never written.
/// </summary>
public sealed class CycleRecorderFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Flush_Fails_WhenTheBatchBeforeTheLastCouldNotBeWritten(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        await sandbox.ConfigureAsync();
        var cycle = new Cycle { TenantId = sandbox.TenantId, JobId = sandbox.JobId, StartedAt = DateTimeOffset.UtcNow };
        await using (var db = sandbox.Database.CreateContext(sandbox.TenantId))
        {
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync(Ct);
        }

        // A batch is cut every second call (an object's link and its result): the second object's batch is the second
        // write, and the database refuses it.
        var dbs = new FailingContexts(sandbox.Database, sandbox.TenantId, failingWrite: 2);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var recorder = new CycleRecorder(dbs, cycle, [], new EscrowPolicy(new EngineOptions()), TimeProvider.System,
            new CycleWriteMetrics(services.GetRequiredService<IMeterFactory>()), batchSize: 2, dryRun: false);

        await ExportAsync(recorder, "user-1");
        await ExportAsync(recorder, "user-2");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => recorder.FlushAsync(Ct));
        Assert.Equal(FailingContexts.Refusal, failure.Message);
        await using var check = sandbox.Database.CreateContext(sandbox.TenantId);
        Assert.Equal(["user-1"], await check.LinkedObjects.Select(l => l.SourceId).ToListAsync(Ct));
    }

    private static async Task ExportAsync(CycleRecorder recorder, string sourceId)
    {
        var link = new LinkedObject { JobId = recorder.Cycle.JobId, Kind = ObjectKind.User, SourceId = sourceId, TargetId = "t-" + sourceId };
        var change = new PlannedChange(ObjectKind.User, sourceId, sourceId, ChangeAction.Create, null, PlannedChange.NoValues, PlannedChange.NoValues, [],
            "In scope and not found in the target.");
        await recorder.LinkAsync(link, Ct);
        await recorder.FinishAsync(new ObjectResult(change, null, [], link.TargetId), Ct);
    }

    /// <summary>The test database's contexts, but the n-th one handed out refuses to open: that batch's write fails.</summary>
    private sealed class FailingContexts(TestDatabase database, Guid tenantId, int failingWrite) : IDbContextFactory<PortalDbContext>
    {
        public const string Refusal = "The database refused the batch.";

        private int _handedOut;

        public PortalDbContext CreateDbContext() =>
            Interlocked.Increment(ref _handedOut) == failingWrite ? throw new InvalidOperationException(Refusal) : database.CreateContext(tenantId);
    }
}
