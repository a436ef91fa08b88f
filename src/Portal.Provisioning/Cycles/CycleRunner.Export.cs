using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Cycles;

internal sealed partial class CycleRunner
{
    // Below this many objects to match, a look-up each costs less than even a small listing.
    private const int MinimumToList = 16;

    /// <summary>
    /// Many objects without a link (an initial cycle, a restart, a big new assignment): when listing the target takes
    /// fewer requests than a look-up per object, list it once and match in memory. After a crash this still finds what
    /// the interrupted cycle created, because the listing is taken before this cycle writes anything of that kind.
    /// Decided on the first batch with enough unlinked objects; when more pages follow, their share of the target's
    /// size estimates how many will come unlinked in all.
    /// </summary>
    private async Task ListTargetForMatchingAsync(
        ObjectKind kind, List<(Candidate Candidate, (ScopeDecision Decision, PlannedChange? Change) Scope)> scoped, bool morePages,
        CancellationToken cancellationToken)
    {
        if (_focus is not null || !_processor.Handles(kind) || _matchingSettled.Contains(kind))
        {
            return;
        }

        var unlinked = scoped.Count(s => s.Scope.Change is null && s.Candidate.Link is not { TargetId: not null, State: not LinkState.Deleted });
        if (unlinked < MinimumToList)
        {
            return;
        }

        // Objects matched from here on see this listing; earlier ones were looked up one by one, so decide only once.
        _matchingSettled.Add(kind);
        try
        {
            var total = await target.CountAsync(kind, cancellationToken);
            var expected = morePages && total is not null ? Math.Max(unlinked, (long)unlinked * total.Value / scoped.Count) : unlinked;
            if (total is null || (total.Value + target.ListPageSize - 1) / target.ListPageSize > expected)
            {
                return;
            }

            if (await target.SnapshotAsync(kind, _processor.LookupAttributes(kind), cancellationToken) is { } snapshot)
            {
                _processor.MatchAgainst(kind, snapshot);
            }
        }
        catch (TargetException e) when (!e.IsCredentialFailure)
        {
            // The listing failed: match with a look-up per object, which reports failures per object.
        }
    }

    private async Task ExportAsync(
        List<(Candidate Candidate, (ScopeDecision Decision, PlannedChange? Change) Scope)> scoped,
        Dictionary<(ObjectKind, string), PlannedChange> guarded,
        CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(scoped, Workers(cancellationToken), async (item, ct) =>
        {
            var (candidate, (decision, change)) = item;
            var decided = change is null ? null : guarded.GetValueOrDefault((candidate.Kind, candidate.Source.Id), change);
            var started = time.GetUtcNow();
            var result = await _processor.ProcessAsync(candidate, decision, decided, export: !_dryRun, ct);
            await RecordAsync(candidate, result, started, ct);
        });
    }

    private async Task RecordAsync(Candidate candidate, ObjectResult result, DateTimeOffset started, CancellationToken cancellationToken)
    {
        if (_focus is not null)
        {
            _results.Add(result);
        }

        LinkImage? previous = null;
        if (_dryRun)
        {
            _diff.Add(result.Change);
        }
        else if (!result.Failed)
        {
            previous = LinkImage.Before(candidate.Link, result.Change);
            if (candidate.Kind == ObjectKind.Group && result.Change.Action is not (ChangeAction.Skip or ChangeAction.StagedDelete))
            {
                _exported.TryAdd(candidate.Source.Id, 0);
            }

            var members = candidate.Kind == ObjectKind.Group && _snapshot.Knows(candidate.Source.Id) ? _snapshot.MembersOf(candidate.Source.Id) : null;
            var link = _processor.ApplyToLink(candidate, result, members);
            if (link is null)
            {
                if (candidate.Link is { } old)
                {
                    _links.TryRemove((old.Kind, old.SourceId), out _);
                    await _recorder.UnlinkAsync(old, cancellationToken);
                }
            }
            else
            {
                _links[(link.Kind, link.SourceId)] = link;
                NoteWaiting(candidate, result);
                await _recorder.LinkAsync(link, cancellationToken);
            }
        }

        var log = LogEntries.IsWorthLogging(result, candidate) ? LogEntries.From(result, _recorder.Cycle, started, time.GetUtcNow(), previous) : null;
        await _recorder.FinishAsync(result with { Log = log }, cancellationToken);
    }

    // Without a group object mapping groups are not provisioned, but their members still decide scope.
    private async Task KeepGroupSnapshotsAsync(List<Candidate> groups, CancellationToken cancellationToken)
    {
        if (_dryRun)
        {
            return;
        }

        foreach (var group in groups.Where(g => !g.Missing))
        {
            var link = group.Link;
            if (group.Source.Change != Source.SourceChange.Present)
            {
                if (link is not null)
                {
                    await _recorder.UnlinkAsync(link, cancellationToken);
                }

                continue;
            }

            link ??= new LinkedObject { JobId = config.Job.Id, TenantId = config.Job.TenantId, Kind = ObjectKind.Group, SourceId = group.Source.Id };
            link.DisplayName = group.Source.DisplayName ?? link.DisplayName;
            LinkValues.Write(link, null, (LinkValues.Roles, _processor.RolesOf(group.Source.Id)), (LinkValues.SourceMembers, _snapshot.MembersOf(group.Source.Id)));
            await _recorder.LinkAsync(link, cancellationToken);
        }
    }
}
