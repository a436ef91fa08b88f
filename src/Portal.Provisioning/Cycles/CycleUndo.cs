using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Puts back what one cycle changed in the target, object by object, from its provisioning log: an account or group it
/// created is deleted; one it updated, disabled or whose members it changed gets back the values, state and members its
/// link held before the cycle (kept on the log entry as a <see cref="LinkImage"/>), and so does the link; one it deleted
/// is created again with those values (a new object in the target). An account the cycle matched was not the portal's
/// before, so it is left as it is, with the reason in the log. Runs as a cycle of its own (<see cref="CycleKind.Undo"/>),
/// recorded like one; running it again after failures retries only what is not back yet, since whatever is back
/// compares equal.
/// </summary>
internal sealed class CycleUndo(
    IDbContextFactory<PortalDbContext> dbs,
    JobConfiguration config,
    ITargetConnector target,
    EngineOptions options,
    TimeProvider time,
    CycleWriteMetrics metrics,
    int parallelism)
{
    // Links are read for this many objects at a time, so memory does not grow with the cycle undone.
    private const int Page = 500;

    private readonly ConcurrentDictionary<string, string> _recreated = new(StringComparer.Ordinal);

    private const string UnknownReason =
        "What it held before the cycle is not recorded (an account the cycle matched in the target, or a change logged before undo was possible); left as it is.";

    public async Task<CycleResult> RunAsync(Cycle undone, CancellationToken cancellationToken)
    {
        var cycle = new Cycle
        {
            TenantId = config.Job.TenantId,
            JobId = config.Job.Id,
            Kind = CycleKind.Undo,
            StartedAt = time.GetUtcNow(),
            StartedBy = nameof(CycleKind.Undo),
            UndoOf = undone.Id,
            HeartbeatAt = time.GetUtcNow(),
            Node = Environment.MachineName,
        };
        var changes = await ChangesAsync(undone.Id, cancellationToken);
        cycle.TotalUnits = changes.Count;
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync(cancellationToken);
        }

        var recorder = new CycleRecorder(dbs, cycle, [], new EscrowPolicy(options), time, metrics, options.WriteBatchSize, dryRun: false, escrowFailures: false);
        var workers = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        try
        {
            foreach (var page in changes.GroupBy(Phase).OrderBy(p => p.Key).SelectMany(p => p.Chunk(Page)))
            {
                var links = await LinksAsync(page, cancellationToken);
                await Parallel.ForEachAsync(page, workers, async (change, ct) =>
                {
                    var started = time.GetUtcNow();
                    var result = await UndoAsync(change, links.GetValueOrDefault((change.Kind, change.SourceId)), recorder, ct);
                    await recorder.FinishAsync(result with { Log = LogEntries.From(result, cycle, started, time.GetUtcNow()) }, ct);
                });
            }

            await recorder.FlushAsync(cancellationToken);
        }
        catch (TargetException e) when (e.IsCredentialFailure)
        {
            await recorder.FlushAsync(CancellationToken.None);
            return await EndAsync(cycle, undone, CycleState.Failed, $"{e.ErrorCode}: {e.Message} {e.RecommendedAction}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await recorder.FlushAsync(CancellationToken.None);
            await EndAsync(cycle, undone, CycleState.Cancelled, "The undo was cancelled; undo the cycle again to put back the rest.");
            throw;
        }

        return await EndAsync(cycle, undone, cycle.Failed > 0 ? CycleState.EntryLevelErrors : CycleState.Succeeded,
            cycle.Failed > 0 ? $"{"change".ToQuantity(cycle.Failed)} could not be undone; the provisioning logs say why. Undo the cycle again to retry them." : null);
    }

    /// <summary>One object the cycle changed, as its first entry in the cycle's log has it (what it was before the cycle).</summary>
    private sealed record Change(ObjectKind Kind, string SourceId, string? DisplayName, ProvisioningAction Action, LinkState? PreviousState, string? PreviousValuesJson)
    {
        public bool WasCreated => Action == ProvisioningAction.Create;

        public LinkImage? Before => PreviousState is { } state && PreviousValuesJson is not null ? new LinkImage(state, PreviousValuesJson) : null;
    }

    // Users the cycle deleted come back first, so the groups they were in can name them by their new ids; then groups get
    // their members back (or come back themselves), then users their values; last, what the cycle created is deleted,
    // users before groups. Each phase ends before the next starts.
    private int Phase(Change change) => change switch
    {
        { WasCreated: true } => change.Kind == ObjectKind.User ? 3 : 4,
        { Kind: ObjectKind.Group } => 1,
        { Action: ProvisioningAction.Delete } => 0,
        { Action: ProvisioningAction.Disable } when target.DisableRemoves => 0,
        _ => 2,
    };

    private async Task<List<Change>> ChangesAsync(Guid cycleId, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var entries = await db.ProvisioningLogs.AsNoTracking()
            .Where(e => e.CycleId == cycleId && e.Status == ProvisioningLogStatus.Success && UndoPlan.Undoable.Contains(e.Action))
            .OrderBy(e => e.Id)
            .Select(e => new Change(e.IdentityType, e.SourceId, e.SourceDisplayName, e.Action, e.PreviousState, e.PreviousValuesJson))
            .ToListAsync(cancellationToken);
        return [.. entries.DistinctBy(e => (e.Kind, e.SourceId))];
    }

    private async Task<Dictionary<(ObjectKind, string), LinkedObject>> LinksAsync(Change[] page, CancellationToken cancellationToken)
    {
        var ids = page.Select(c => c.SourceId).Distinct().ToList();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var links = await db.LinkedObjects.AsNoTracking().Where(l => l.JobId == config.Job.Id && ids.Contains(l.SourceId)).ToListAsync(cancellationToken);
        return links.ToDictionary(l => (l.Kind, l.SourceId));
    }

    private async Task<ObjectResult> UndoAsync(Change change, LinkedObject? link, CycleRecorder recorder, CancellationToken cancellationToken)
    {
        if (link is not { TargetId: { } targetId })
        {
            return Skip(change, link, change.WasCreated ? "No longer in the target." : "No longer linked to a target object; left as it is.");
        }

        if (change.WasCreated)
        {
            return link.State == LinkState.Deleted ? Skip(change, link, "No longer in the target.")
                : await ExportAsync(change, ChangeAction.Delete, [], "EntryExportDelete", "Deleted from the target: the cycle created it.", async ct =>
                {
                    await target.DeleteAsync(change.Kind, targetId, ct);
                    await recorder.UnlinkAsync(link, ct);
                    return targetId;
                }, cancellationToken);
        }

        if (change.Before is not { } image)
        {
            return Skip(change, link, UnknownReason);
        }

        // The link's values now, with those the cycle replaced put back: what the link held before the cycle.
        var before = ChangePlanner.Parse(link.ExportedValuesJson) ?? [];
        foreach (var (name, value) in ChangePlanner.Parse(image.ValuesJson) ?? [])
        {
            before[name] = value?.DeepClone();
        }

        var restored = new LinkImage(image.State, before.ToJsonString());
        return link.State == LinkState.Deleted || (link.State == LinkState.Disabled && target.DisableRemoves)
            ? await CreateAgainAsync(change, link, restored, before, recorder, cancellationToken)
            : await PutBackAsync(change, link, targetId, restored, before, recorder, cancellationToken);
    }

    // The target deleted it: created again with the values last sent before the cycle, and its members for a group. A
    // new object there, with a new id, which the links and the groups that follow use from now on.
    private Task<ObjectResult> CreateAgainAsync(Change change, LinkedObject link, LinkImage image, JsonObject before, CycleRecorder recorder,
        CancellationToken cancellationToken)
    {
        var values = before.Where(p => p.Key[0] != ChangePlanner.StatePrefix && p.Value is not null)
            .ToDictionary(p => p.Key, p => (JsonNode?)p.Value!.DeepClone(), StringComparer.OrdinalIgnoreCase);
        var members = MembersOf(before);
        var modified = values.Select(v => new ModifiedProperty(v.Key, null, ChangePlanner.Text(v.Value))).ToList();
        return ExportAsync(change, ChangeAction.Create, modified, "EntryExportAdd", RecreatedReason, async ct =>
        {
            var created = await target.CreateAsync(change.Kind, values, KeyOf(change.Kind, change.SourceId, before), ct);
            _recreated[link.TargetId!] = created.Id;
            if (members?.Count > 0)
            {
                await target.AddMembersAsync(created.Id, members, ct);
            }

            link.TargetId = created.Id;
            Restore(link, image, members);
            await recorder.LinkAsync(link, ct);
            return created.Id;
        }, cancellationToken);
    }

    private const string RecreatedReason = "Created again with the values last sent before the cycle, which deleted it in the target; "
        + "it is a new object there, so what the target held beside those values did not come back.";

    private async Task<ObjectResult> PutBackAsync(Change change, LinkedObject link, string targetId, LinkImage image, JsonObject before, CycleRecorder recorder,
        CancellationToken cancellationToken)
    {
        var now = ChangePlanner.Parse(link.ExportedValuesJson) ?? [];
        var attributes = Differences(before, now);
        if (IsActive(before, image.State) is var was && was != IsActive(now, link.State))
        {
            attributes[ScimAttributeNames.Active] = was;
        }

        var members = LinkValues.List(link, LinkValues.Members).ToHashSet(StringComparer.Ordinal);
        var membersBefore = MembersOf(before)?.ToHashSet(StringComparer.Ordinal) ?? members;
        var add = membersBefore.Except(members).Order(StringComparer.Ordinal).ToList();
        var remove = members.Except(membersBefore).Order(StringComparer.Ordinal).ToList();
        if (attributes.Count == 0 && add.Count == 0 && remove.Count == 0)
        {
            Restore(link, image, membersBefore);
            await recorder.LinkAsync(link, cancellationToken);
            return Skip(change, link, "Already as it was before the cycle.");
        }

        var modified = attributes.Select(a => new ModifiedProperty(a.Key, ChangePlanner.Text(now[a.Key]), ChangePlanner.Text(a.Value))).ToList();
        if (add.Count > 0 || remove.Count > 0)
        {
            modified.Add(new ModifiedProperty("members", $"{members.Count}; removed: {string.Join(", ", remove)}", $"{membersBefore.Count}; added: {string.Join(", ", add)}"));
        }

        return await ExportAsync(change, ChangeAction.Update, modified, "EntryExportUpdate", "Put back as it was before the cycle.", async ct =>
        {
            if (attributes.Count > 0)
            {
                await target.UpdateAsync(change.Kind, targetId, attributes, ct);
            }

            if (add.Count > 0)
            {
                await target.AddMembersAsync(targetId, add, ct);
            }

            if (remove.Count > 0)
            {
                await target.RemoveMembersAsync(targetId, remove, ct);
            }

            Restore(link, image, membersBefore);
            await recorder.LinkAsync(link, ct);
            return targetId;
        }, cancellationToken);
    }

    // A group's members before the cycle, by their target ids now: a member the undo created again has a new one.
    private List<string>? MembersOf(JsonObject before) =>
        before[LinkValues.Members] is JsonArray members ? [.. members.Select(m => m!.GetValue<string>()).Select(id => _recreated.GetValueOrDefault(id, id))] : null;

    private static void Restore(LinkedObject link, LinkImage image, IReadOnlyCollection<string>? members)
    {
        LinkValues.Restore(link, image);
        if (members is not null && !LinkValues.SameSet(members, LinkValues.List(link, LinkValues.Members)))
        {
            LinkValues.Write(link, null, (LinkValues.Members, members));
        }
    }

    // As a cycle's create: the mapping's matching attributes by precedence, with the values last sent.
    private MatchingKey KeyOf(ObjectKind kind, string sourceId, JsonObject values) =>
        config.MappingFor(kind)?.AttributeMappings.Where(m => m.MatchingPrecedence > 0).OrderBy(m => m.MatchingPrecedence)
            .Select(m => AttributeValues.AsMatchingText(values[m.TargetAttribute]) is { } text ? new MatchingKey(m.TargetAttribute, text) : null)
            .FirstOrDefault(k => k is not null)
        ?? new MatchingKey(ScimAttributeNames.ExternalId, sourceId);

    // The attributes whose exported values the cycle changed, with the values before it (null: the cycle set one that
    // was not there, so it is cleared). 'active' follows the link's state, below; engine state is the link's alone.
    private static Dictionary<string, JsonNode?> Differences(JsonObject before, JsonObject now)
    {
        var changes = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in before.Select(p => p.Key).Union(now.Select(p => p.Key), StringComparer.OrdinalIgnoreCase))
        {
            if (name[0] != ChangePlanner.StatePrefix && !name.Equals(ScimAttributeNames.Active, StringComparison.OrdinalIgnoreCase)
                && !JsonNode.DeepEquals(before[name], now[name]))
            {
                changes[name] = before[name]?.DeepClone();
            }
        }

        return changes;
    }

    private static bool IsActive(JsonObject values, LinkState state) =>
        state != LinkState.Disabled && (values[ScimAttributeNames.Active] is not JsonValue active || !active.TryGetValue<bool>(out var flag) || flag);

    private async Task<ObjectResult> ExportAsync(Change change, ChangeAction action, IReadOnlyList<ModifiedProperty> modified, string step, string reason,
        Func<CancellationToken, Task<string>> export, CancellationToken cancellationToken)
    {
        try
        {
            var targetId = await export(cancellationToken);
            return new ObjectResult(Planned(change, action, targetId, modified, reason), null, [ProvisioningStep.Of(step, "export", "Success", reason)], targetId);
        }
        catch (TargetException e) when (!e.IsCredentialFailure)
        {
            return new ObjectResult(Planned(change, action, null, modified, reason), null, [ProvisioningStep.Of(step, "export", "Failure", e.Message)], null,
                e.ErrorCode, e.Message, e.RecommendedAction);
        }
    }

    private static ObjectResult Skip(Change change, LinkedObject? link, string reason) =>
        new(Planned(change, ChangeAction.Skip, link?.TargetId, [], reason),
            null, [ProvisioningStep.Of("EntryUndo", "processing", "Skipped", reason)], link?.TargetId);

    private static PlannedChange Planned(Change change, ChangeAction action, string? targetId, IReadOnlyList<ModifiedProperty> modified, string reason) =>
        new(change.Kind, change.SourceId, change.DisplayName, action, targetId, PlannedChange.NoValues, PlannedChange.NoValues, modified, reason);

    // The job's watermark goes: the next cycle reads the whole directory and makes again whatever it still calls for. The
    // cycle counts as undone once nothing failed.
    private async Task<CycleResult> EndAsync(Cycle cycle, Cycle undone, CycleState state, string? error)
    {
        cycle.State = state;
        cycle.Error = error;
        cycle.EndedAt = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        db.Cycles.Update(cycle);
        if (state == CycleState.Succeeded)
        {
            await db.Cycles.Where(c => c.Id == undone.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UndoneBy, cycle.Id), CancellationToken.None);
        }

        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == config.Job.Id, CancellationToken.None);
        job.Watermark.UsersDeltaLink = null;
        job.Watermark.GroupsDeltaLink = null;
        job.Watermark.CommittedAt = null;
        await db.SaveChangesAsync(CancellationToken.None);
        return new CycleResult(cycle.Id, CycleKind.Undo, state == CycleState.Failed ? CycleOutcome.Aborted : CycleOutcome.Completed, state,
            cycle.Created, cycle.Updated, cycle.Disabled, cycle.Deleted, cycle.Skipped, cycle.Failed, cycle.Held, true, config.Job.Quarantine.Reason, error, []);
    }
}
