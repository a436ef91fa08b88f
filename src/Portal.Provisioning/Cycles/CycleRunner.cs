using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// One cycle of one job: read (full or delta), scope, guard deprovisioning, then export users, groups and group
/// memberships in that order with bounded parallelism. Links are written as exports succeed; the watermark only when
/// the cycle finished with a complete read and nothing held, so an interrupted cycle is simply read again.
/// </summary>
internal sealed partial class CycleRunner(
    IDbContextFactory<PortalDbContext> dbs,
    JobConfiguration config,
    IDirectorySource source,
    ITargetConnector target,
    IMappingExpressionEvaluator expressions,
    EngineOptions options,
    TimeProvider time,
    CycleWriteMetrics writeMetrics,
    int parallelism)
{
    /// <summary>
    /// Objects in work at once, per request the target's gate lets through: the gate caps what the target sees at
    /// <c>parallelism</c> requests, and the second half of the workers maps, plans and records meanwhile, so the target
    /// does not wait for the engine's own work between one request and the next.
    /// </summary>
    private const int WorkersPerRequest = 2;

    private readonly EscrowPolicy _policy = new(options);
    private readonly ConcurrentBag<PlannedChange> _diff = [];
    private readonly ConcurrentDictionary<(ObjectKind, string), LinkedObject> _links = new();

    /// <summary>Groups this cycle created, updated or deprovisioned: their log entry holds their state from before the cycle.</summary>
    private readonly ConcurrentDictionary<string, byte> _exported = new(StringComparer.Ordinal);
    private ObjectProcessor _processor = null!;
    private SourceSnapshot _snapshot = null!;
    private CycleRecorder _recorder = null!;
    private readonly ConcurrentBag<ObjectResult> _results = [];
    private IReadOnlyCollection<(ObjectKind Kind, string Id)>? _focus;
    private Cycle _cycle = null!;
    private DirectoryQuery _query = null!;
    private List<EscrowEntry> _escrows = [];
    private List<EscrowEntry> _due = [];
    private bool _dryRun;
    private bool _sourceComplete = true;
    private bool _isDelta;
    private string _mappingDigest = null!;

    /// <summary>The mappings or the scope changed since the watermark was committed: this cycle reads and evaluates every object.</summary>
    private bool _remapped;

    /// <summary>A preview of unsaved settings: its caller knows they differ, so the cycle's note does not say so again.</summary>
    private bool _previewing;
    private IReadOnlyList<string> _unknownAttributes = [];

    private ParallelOptions Workers(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, parallelism) * WorkersPerRequest, CancellationToken = cancellationToken };

    /// <summary>Every object's result when the cycle ran on a focus (provision on demand).</summary>
    public IReadOnlyCollection<ObjectResult> FocusResults => _results;

    /// <remarks>
    /// focus: provision on demand — only these objects, fetched by id; no watermark, no deletion threshold. With a dry run,
    /// its preview: recorded as a dry run, which the job's statistics leave out.
    /// </remarks>
    public async Task<CycleResult> RunAsync(CycleOptions cycleOptions, CancellationToken cancellationToken, IReadOnlyCollection<(ObjectKind Kind, string Id)>? focus = null)
    {
        _dryRun = cycleOptions.DryRun;
        _previewing = cycleOptions.Draft is not null;
        _focus = focus;
        var job = config.Job;
        _mappingDigest = MappingDigest.Of(config);
        _remapped = focus is null && job.Watermark.MappingDigest is { } committed && committed != _mappingDigest;
        var full = _remapped || (job.Watermark.UsersDeltaLink is null && job.Watermark.GroupsDeltaLink is null);
        var cycle = new Cycle
        {
            TenantId = job.TenantId,
            JobId = job.Id,
            Kind = _dryRun ? CycleKind.DryRun : focus is not null ? CycleKind.OnDemand : full ? CycleKind.Initial : CycleKind.Incremental,
            StartedAt = time.GetUtcNow(),
            StartedBy = cycleOptions.StartedBy,
            HeartbeatAt = time.GetUtcNow(),
            Node = Environment.MachineName,
        };
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync(cancellationToken);
        }

        using var alive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = BeatAsync(cycle.Id, alive.Token);
        try
        {
            await AbandonDeadCyclesAsync(cycle, cycleOptions.HoldsJobLock, cancellationToken);
            return await RunCycleAsync(cycle, full, cycleOptions, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await EndAsync(cycle, CycleState.Cancelled, "The cycle was cancelled; the next cycle reads again from the last watermark.");
            throw;
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            return await DatabaseLostAsync(cycle, e);
        }
        finally
        {
            await alive.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>
    /// The portal database failed mid-cycle. What was exported stays exported; links not yet written are found again
    /// by matching, and the watermark was not advanced, so the next cycle converges. Recorded if the database allows.
    /// </summary>
    private async Task<CycleResult> DatabaseLostAsync(Cycle cycle, Exception e)
    {
        var error = $"The portal database failed mid-cycle ({e.GetBaseException().Message}); the cycle stopped. Objects already exported stay "
            + "exported and the watermark was not advanced: the next cycle reads again and matches them instead of creating duplicates. "
            + "Check that the database server is running and reachable, and its disk space; then run the job again.";
        try
        {
            await EndAsync(cycle, CycleState.Failed, error);
        }
        catch (Exception still) when (DatabaseFailure.Is(still))
        {
            // Still unavailable: the cycle stays Running with a stale heartbeat, and the next cycle marks it Abandoned.
            cycle.Error = error;
        }

        return Result(cycle, CycleOutcome.Aborted, QuarantineReason.None);
    }

    private async Task<CycleResult> RunCycleAsync(Cycle cycle, bool full, CycleOptions cycleOptions, CancellationToken cancellationToken)
    {
        // Users' links are loaded when first needed: a cycle with nothing to do never needs them.
        await LoadLinksAsync(ObjectKind.Group, cancellationToken);
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            _escrows = await db.EscrowEntries.AsNoTracking().Where(e => e.JobId == config.Job.Id).ToListAsync(cancellationToken);
        }

        _cycle = cycle;
        var now = time.GetUtcNow();
        _due = [.. _escrows.Where(e => e.NextAttemptAt <= now)];

        // On demand needs the assignments, not a full read: the delta since the watermark is the cheapest read that has them.
        _query = config.Query(full && _focus is null, expressions);
        _unknownAttributes = config.UnknownAttributes(expressions);
        try
        {
            if (await ReadAndExportUsersAsync(cancellationToken) is not { } read)
            {
                return await AbortAsync(cycle, $"The source directory could not be read: {_sourceFailure}", QuarantineReason.None);
            }

            _sourceComplete &= read.IsComplete;
            var guarded = await ExportRestAsync(cycleOptions, cancellationToken);
            await _recorder.FlushAsync(cancellationToken);
            return await FinishAsync(cycle, read, guarded, cancellationToken);
        }
        catch (TargetException e) when (e.IsCredentialFailure)
        {
            await FlushIfStartedAsync();
            return await AbortAsync(cycle, $"{e.ErrorCode}: {e.Message} {e.RecommendedAction}", QuarantineReason.EncounteredQuarantineException);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Keep what was exported: the links written now spare the next cycle a look-up per object.
            await FlushIfStartedAsync();
            throw;
        }
        finally
        {
            // Batches are written behind the export: a cycle that stops on a failure waits for them to end, so none
            // races the cycle's end, or the next cycle, for the database.
            if (_recorder is not null)
            {
                await SettleAsync(_recorder.LastWrite);
            }
        }
    }

    /// <summary>
    /// What remains once every page of users went out: objects the read did not carry (linked but missing, due
    /// escrows, entitled objects a delta did not mention), the deprovisioning held back until the read was known to be
    /// complete — now under the deletion threshold — then groups and memberships.
    /// </summary>
    private async Task<GuardedPlan> ExportRestAsync(CycleOptions cycleOptions, CancellationToken cancellationToken)
    {
        if (IsQuiet(cycleOptions))
        {
            _cycle.SourceComplete = true;
            return new GuardedPlan([], 0, false, 0);
        }

        await EnsureUserLinksAsync(cancellationToken);
        var syncAll = config.Job.Scope == ProvisioningScope.All;
        var users = _focus is not null ? await FetchAsync(ObjectKind.User, [.. _focus.Where(f => f.Kind == ObjectKind.User).Select(f => f.Id)], _query, cancellationToken)
            : await UnseenAsync(ObjectKind.User, _seenUsers, _isDelta, _entitlements.EntitledUsers, syncAll, MembershipScopeChanges(), cancellationToken);
        var groups = _focus is not null ? await FetchAsync(ObjectKind.Group, [.. _focus.Where(f => f.Kind == ObjectKind.Group).Select(f => f.Id)], _query, cancellationToken)
            : await CandidatesAsync(ObjectKind.Group, _head.Groups, _isDelta, _query.GroupAttributes, _entitlements.EntitledGroups, syncAll, cancellationToken);

        var scopedUsers = users.Select(c => (Candidate: c, Scope: _processor.Scope(c))).ToList();
        var scopedGroups = _processor.Handles(ObjectKind.Group) ? groups.Select(c => (Candidate: c, Scope: _processor.Scope(c))).ToList() : [];
        var planned = _heldUsers.Concat(scopedUsers).Concat(scopedGroups).Where(s => s.Scope.Change is not null).Select(s => s.Scope.Change!).ToList();
        var guarded = DeletionThreshold.Apply(planned, config.Job.PreventAccidentalDeletions, config.Job.DeletionThreshold,
            cycleOptions.AllowHeldDeletions || _focus is not null, _sourceComplete);
        var guardedByKey = guarded.Changes.ToDictionary(c => (c.Kind, c.SourceId));
        _cycle.TotalUnits += scopedUsers.Count + scopedGroups.Count;
        _cycle.SourceComplete = _sourceComplete;

        await ListTargetForMatchingAsync(ObjectKind.User, scopedUsers, morePages: false, cancellationToken);
        await ListTargetForMatchingAsync(ObjectKind.Group, scopedGroups, morePages: false, cancellationToken);
        await ExportAsync([.. _heldUsers, .. scopedUsers], guardedByKey, cancellationToken);
        if (_focus is null)
        {
            await ExportWaitingUsersAsync(cancellationToken);
        }

        await ExportAsync(scopedGroups, guardedByKey, cancellationToken);
        if (!_processor.Handles(ObjectKind.Group))
        {
            await KeepGroupSnapshotsAsync(groups, cancellationToken);
        }
        else
        {
            await ExportMembershipsAsync(cancellationToken);
        }

        return guarded;
    }

    /// <summary>
    /// An incremental cycle whose delta is empty, with the same assignments and scope settings as when the watermark
    /// was committed and no failed object waiting: nothing can have changed, so no object is looked at.
    /// </summary>
    private bool IsQuiet(CycleOptions cycleOptions) =>
        _focus is null && _isDelta && _sourceComplete && _seenUsers.Count == 0 && _head.Groups.Count == 0 && _escrows.Count == 0
        && !cycleOptions.AllowHeldDeletions && config.Job.Watermark.EntitlementDigest == _entitlementDigest;

    private async Task EnsureUserLinksAsync(CancellationToken cancellationToken)
    {
        if (_userLinksLoaded)
        {
            return;
        }

        _userLinksLoaded = true;
        await LoadLinksAsync(ObjectKind.User, cancellationToken);
        _userLinks = LinksOf(ObjectKind.User).ToDictionary(l => l.SourceId, StringComparer.OrdinalIgnoreCase);
    }

    private async Task LoadLinksAsync(ObjectKind kind, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await foreach (var link in db.LinkedObjects.AsNoTracking().Where(l => l.JobId == config.Job.Id && l.Kind == kind).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            _links.TryAdd((link.Kind, link.SourceId), link);
        }
    }

    private async Task FlushIfStartedAsync()
    {
        if (_recorder is not null)
        {
            await _recorder.FlushAsync(CancellationToken.None);
        }
    }

    private IEnumerable<LinkedObject> LinksOf(ObjectKind kind) => _links.Where(p => p.Key.Item1 == kind).Select(p => p.Value);

    private async Task<List<Candidate>> CandidatesAsync(ObjectKind kind, IReadOnlyList<SourceObject> read, bool isDelta, IReadOnlyCollection<string> attributes,
        IEnumerable<string> entitled, bool syncAll, CancellationToken cancellationToken)
    {
        var links = LinksOf(kind).ToDictionary(l => l.SourceId, StringComparer.OrdinalIgnoreCase);
        var (ready, toFetch, obsolete) = CandidateSelection.Select(kind, read, isDelta, attributes, links, _processor, entitled, syncAll, _due);
        return await CompleteAsync(kind, ready, toFetch, obsolete, cancellationToken);
    }

    private async Task<List<Candidate>> UnseenAsync(ObjectKind kind, IReadOnlySet<string> seen, bool isDelta, IEnumerable<string> entitled, bool syncAll,
        IEnumerable<string> rescoped, CancellationToken cancellationToken)
    {
        var links = LinksOf(kind).ToDictionary(l => l.SourceId, StringComparer.OrdinalIgnoreCase);
        var (ready, toFetch, obsolete) = CandidateSelection.SelectUnseen(kind, seen, isDelta, links, _processor, entitled, syncAll, _due, rescoped);
        return await CompleteAsync(kind, ready, toFetch, obsolete, cancellationToken);
    }

    /// <summary>
    /// Users who joined or left, in this delta, a group that a scoping clause of the job names (IS MEMBER OF): their
    /// scope may have changed while their own object did not, so the users delta does not carry them.
    /// </summary>
    private List<string> MembershipScopeChanges()
    {
        var named = config.Users.ScopingFilters.SelectMany(f => f.Clauses)
            .Where(c => ScopingFilterEvaluator.IsMembership(c.Operator) && c.Value is not null)
            .Select(c => c.Value!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!_isDelta || named.Count == 0)
        {
            return [];
        }

        var groups = _head.Groups.Select(g => g.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. _head.Groups.Where(g => named.Contains(g.Id) && g.Members is not null)
            .SelectMany(g => g.Members!.Added.Concat(g.Members.Removed))
            .Where(id => !groups.Contains(id)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    // Drops links that no longer stand for anything, and fetches by id what must be looked at in full.
    private async Task<List<Candidate>> CompleteAsync(ObjectKind kind, List<Candidate> ready, List<string> toFetch, List<LinkedObject> obsolete,
        CancellationToken cancellationToken)
    {
        if (!_dryRun)
        {
            foreach (var link in obsolete)
            {
                _links.TryRemove((kind, link.SourceId), out _);
                await _recorder.UnlinkAsync(link, cancellationToken);
            }
        }

        var fetched = await FetchAsync(kind, toFetch, _query, cancellationToken);

        // An escrowed object can be both a stub and fetched; the fetched one knows more.
        var fetchedIds = fetched.Select(c => c.Source.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. ready.Where(c => !fetchedIds.Contains(c.Source.Id)), .. fetched];
    }

    private async Task<List<Candidate>> FetchAsync(ObjectKind kind, List<string> ids, DirectoryQuery query, CancellationToken cancellationToken)
    {
        // Called for every page of a streamed read, where there is usually nothing to fetch: no index of every link then.
        if (ids.Count == 0)
        {
            return [];
        }

        var links = LinksOf(kind).ToDictionary(l => l.SourceId, StringComparer.OrdinalIgnoreCase);
        var fetched = new ConcurrentBag<Candidate>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var link = links.GetValueOrDefault(id);
            try
            {
                var found = await source.GetAsync(kind, id, query, ct);
                if (found is not null)
                {
                    fetched.Add(new Candidate(found, link));
                }
                else if (link is { TargetId: not null, State: LinkState.Active })
                {
                    fetched.Add(Candidate.Stub(link, missing: true));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed look-up is a failed page: no deprovisioning may be inferred this cycle.
                _sourceComplete = false;
            }
        });
        return [.. fetched];
    }
}
