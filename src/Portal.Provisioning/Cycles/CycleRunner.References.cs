using System.Collections.Concurrent;
using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Users exported without their manager because the manager was not provisioned yet go out again once it is: after
/// the cycle's users, those that waited in this cycle or in an earlier one (their links say for whom).
/// </summary>
internal sealed partial class CycleRunner
{
    // This cycle's waiting users, so they need not be read from the directory again.
    private readonly ConcurrentDictionary<string, Candidate> _waiting = new(StringComparer.OrdinalIgnoreCase);

    private string? TargetIdOfUser(string sourceId) =>
        _links.TryGetValue((ObjectKind.User, sourceId), out var link) && link is { TargetId: { } id, State: not LinkState.Deleted } ? id : null;

    private void NoteWaiting(Candidate candidate, ObjectResult result)
    {
        if (result.WaitingFor is not null && !result.Failed)
        {
            _waiting[candidate.Source.Id] = candidate;
        }
    }

    private async Task ExportWaitingUsersAsync(CancellationToken cancellationToken)
    {
        if (_dryRun || !_processor.References.Any)
        {
            return;
        }

        var ready = new List<Candidate>();
        var toFetch = new List<string>();
        foreach (var link in LinksOf(ObjectKind.User).Where(l => l is { TargetId: not null, State: LinkState.Active } && LinkValues.Waits(l)))
        {
            if (LinkValues.List(link, LinkValues.WaitingFor) is not [var awaited] || TargetIdOfUser(awaited) is null)
            {
                continue;
            }

            if (_waiting.TryGetValue(link.SourceId, out var candidate))
            {
                ready.Add(candidate with { Link = link });
            }
            else
            {
                toFetch.Add(link.SourceId);
            }
        }

        var users = await CompleteAsync(ObjectKind.User, ready, toFetch, [], cancellationToken);
        var scoped = users.Select(c => (Candidate: c, Scope: _processor.Scope(c))).Where(s => s.Scope.Change is null).ToList();
        _cycle.TotalUnits += scoped.Count;
        await ExportAsync(scoped, NoGuard, cancellationToken);
    }
}
