using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// The one writer of a cycle: linked objects, escrow entries, provisioning log entries and the cycle's statistics,
/// written in batches from the export tasks, one batch at a time and in order, while the objects go on exporting. A
/// link is written only after its export succeeded, so a crash loses at most the batches not yet written (the one being
/// written, the one waiting behind it and the one filling) — which matching finds again instead of creating duplicates.
/// </summary>
/// <remarks>escrowFailures: off for an undo, whose failures are retried by undoing again, not by the job's cycles.</remarks>
internal sealed class CycleRecorder(
    IDbContextFactory<PortalDbContext> dbs,
    Cycle cycle,
    IEnumerable<EscrowEntry> escrows,
    EscrowPolicy policy,
    TimeProvider time,
    CycleWriteMetrics metrics,
    int batchSize,
    bool dryRun,
    bool escrowFailures = true)
{
    private static readonly TimeSpan MaxBatchAge = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<LinkedObject> _dirtyLinks = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<LinkedObject> _removedLinks = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(ObjectKind, string), EscrowEntry> _escrows = escrows.ToDictionary(e => (e.Kind, e.SourceId));
    private readonly HashSet<EscrowEntry> _dirtyEscrows = new(ReferenceEqualityComparer.Instance);
    private readonly List<EscrowEntry> _removedEscrows = [];
    private readonly List<ProvisioningLogEntry> _logs = [];
    private int _pending;
    private DateTimeOffset _batchStartedAt;
    private Task _lastWrite = Task.CompletedTask;

    public Cycle Cycle => cycle;

    /// <summary>The batch written last; it ends after every batch before it (each waits for the one before).</summary>
    public Task LastWrite => _lastWrite;

    public IReadOnlyCollection<EscrowEntry> Escrows => _escrows.Values;

    public EscrowEntry? EscrowOf(ObjectKind kind, string sourceId) => _escrows.GetValueOrDefault((kind, sourceId));

    public Task LinkAsync(LinkedObject link, CancellationToken cancellationToken) => WithGateAsync(() =>
    {
        _removedLinks.Remove(link);
        _dirtyLinks.Add(link);
    }, cancellationToken);

    public Task UnlinkAsync(LinkedObject link, CancellationToken cancellationToken) => WithGateAsync(() =>
    {
        _dirtyLinks.Remove(link);
        _removedLinks.Add(link);
    }, cancellationToken);

    /// <summary>Counts one finished object, writes its log entry and clears or grows its escrow entry.</summary>
    public Task FinishAsync(ObjectResult result, CancellationToken cancellationToken) => WithGateAsync(() =>
    {
        Count(result);
        if (result.Log is { } log)
        {
            _logs.Add(log);
        }

        var key = (result.Change.Kind, result.Change.SourceId);
        if (!result.Failed && _escrows.Remove(key, out var cleared))
        {
            _dirtyEscrows.Remove(cleared);
            _removedEscrows.Add(cleared);
        }
        else if (result.Failed && escrowFailures)
        {
            Escrow(key, result);
        }
    }, cancellationToken);

    /// <summary>Writes what is pending and waits until every batch handed to the database is written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task before, last;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            before = _lastWrite;
            last = CutBatch();
        }
        finally
        {
            _gate.Release();
        }

        // The batch before the last may have had no one else waiting for it; its failure is the cycle's too. Both are
        // awaited to their end, so no write is still running when the cycle records how it ended.
        await Task.WhenAll(before, last);
    }

    private async Task WithGateAsync(Action action, CancellationToken cancellationToken)
    {
        Task? behind = null;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            action();
            var now = time.GetUtcNow();
            if (_pending++ == 0)
            {
                _batchStartedAt = now;
            }

            // Against a slow or rate-limited target a full batch takes long: progress and links are written at least
            // every few seconds anyway.
            if (_pending >= batchSize || now - _batchStartedAt >= MaxBatchAge)
            {
                behind = _lastWrite;
                _ = CutBatch();
            }
        }
        finally
        {
            _gate.Release();
        }

        // Back-pressure: the object that filled a batch waits until the batch before it is written (and fails with it),
        // so one batch is written while the next fills, and the others go on exporting.
        if (behind is not null)
        {
            await behind;
        }
    }

    // Under the gate: hands the pending changes to the writer as one batch, written after the batch before it.
    private Task CutBatch()
    {
        _pending = 0;
        var batch = new Batch([.. _dirtyLinks], [.. _removedLinks], [.. _dirtyEscrows], [.. _removedEscrows], [.. _logs]);
        _dirtyLinks.Clear();
        _removedLinks.Clear();
        _dirtyEscrows.Clear();
        _removedEscrows.Clear();
        _logs.Clear();
        // On the thread pool, not here: SQLite's "async" calls complete synchronously, so a write started inline ran
        // to its end while the gate was held, and every export task waited for it.
        var previous = _lastWrite;
        _lastWrite = Task.Run(() => WriteAfterAsync(previous, batch));
        return _lastWrite;
    }

    private async Task WriteAfterAsync(Task previous, Batch batch)
    {
        try
        {
            await previous;
        }
        catch (Exception) when (!previous.IsCompletedSuccessfully)
        {
            // The earlier batch's failure reaches the one who waited for it; this batch is still written.
        }

        // Not cancellable: what was exported is recorded even when the cycle is being cancelled.
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);

        // Every entity is attached with its state set explicitly: scanning them all for changes would be wasted work.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One transaction for the batch: its new links and log rows go in bulk beside EF's writes, and commit or fail
        // together.
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        List<LinkedObject> added = dryRun ? [] : [.. batch.Links.Where(l => l.Id == 0)];
        try
        {
            if (!dryRun)
            {
                // Before the inserts, which give the new links their ids.
                var updated = batch.Links.Where(l => l.Id != 0).ToList();
                var links = Stopwatch.GetTimestamp();
                await db.InsertLinkedObjectsAsync(added, CancellationToken.None);
                metrics.Record(CycleWriteMetrics.Links, links);
                db.LinkedObjects.UpdateRange(updated);
                db.LinkedObjects.RemoveRange(batch.RemovedLinks.Where(l => l.Id != 0));
                foreach (var escrow in batch.Escrows)
                {
                    _ = escrow.Id == 0 ? db.EscrowEntries.Add(escrow) : db.EscrowEntries.Update(escrow);
                }

                db.EscrowEntries.RemoveRange(batch.RemovedEscrows.Where(e => e.Id != 0));
                var logs = Stopwatch.GetTimestamp();
                await db.AppendProvisioningLogsAsync(batch.Logs, CancellationToken.None);
                metrics.Record(CycleWriteMetrics.Logs, logs);
            }

            cycle.HeartbeatAt = time.GetUtcNow();
            db.Cycles.Update(cycle);
            var changes = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.Record(CycleWriteMetrics.Changes, changes);
            var commit = Stopwatch.GetTimestamp();
            await transaction.CommitAsync(CancellationToken.None);
            metrics.Record(CycleWriteMetrics.Commit, commit);
        }
        catch
        {
            // Rolled back: the ids handed out do not exist, and a later batch must insert these links again.
            added.ForEach(l => l.Id = 0);
            throw;
        }

        // A user's link is written once a cycle; from here on the cycle needs only its target id and state (memberships,
        // statistics). Its exported values live in the database, so memory does not grow with the directory.
        foreach (var link in batch.Links.Where(l => l.Kind == ObjectKind.User))
        {
            link.ExportedValuesJson = null;
        }
    }

    private sealed record Batch(
        List<LinkedObject> Links, List<LinkedObject> RemovedLinks, List<EscrowEntry> Escrows, List<EscrowEntry> RemovedEscrows, List<ProvisioningLogEntry> Logs);

    private void Count(ObjectResult result)
    {
        cycle.CompletedUnits++;
        if (result.Failed)
        {
            cycle.Failed++;
            return;
        }

        switch (result.Change.Action)
        {
            case ChangeAction.Create: cycle.Created++; break;
            case ChangeAction.Update: cycle.Updated++; break;
            case ChangeAction.Disable: cycle.Disabled++; break;
            case ChangeAction.Delete: cycle.Deleted++; break;
            case ChangeAction.StagedDelete: cycle.Held++; break;
            default: cycle.Skipped++; break;
        }
    }

    private void Escrow((ObjectKind Kind, string SourceId) key, ObjectResult result)
    {
        var now = time.GetUtcNow();
        if (!_escrows.TryGetValue(key, out var entry))
        {
            entry = new EscrowEntry { JobId = cycle.JobId, Kind = key.Kind, SourceId = key.SourceId, FirstFailedAt = now };
            _escrows[key] = entry;
        }

        entry.Action = result.Change.LogAction;
        entry.ErrorCode = result.ErrorCode;
        entry.Reason = result.ErrorReason;
        entry.IsReferenceFailure = result.IsReferenceFailure;
        entry.Attempts++;
        entry.LastFailedAt = now;
        entry.NextAttemptAt = policy.NextAttempt(entry.FirstFailedAt, entry.Attempts);
        _dirtyEscrows.Add(entry);
    }
}
