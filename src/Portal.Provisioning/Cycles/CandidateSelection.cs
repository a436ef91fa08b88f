using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Which objects a cycle must look at. A full read: everything read, plus linked objects missing from it. A delta:
/// what changed, plus what changed without Graph delta saying so — assignments (read in full every cycle), members
/// of assigned groups, and escrowed objects whose retry is due — fetched by id when the delta did not carry them.
/// </summary>
internal static class CandidateSelection
{
    public static (List<Candidate> Ready, List<string> ToFetch, List<LinkedObject> Obsolete) Select(
        ObjectKind kind,
        IReadOnlyList<SourceObject> read,
        bool isDelta,
        IReadOnlyCollection<string> queriedAttributes,
        IReadOnlyDictionary<string, LinkedObject> links,
        ObjectProcessor processor,
        IEnumerable<string> entitled,
        bool syncAll,
        IEnumerable<EscrowEntry> dueEscrows)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var (ready, toFetch) = SelectRead(read, isDelta, queriedAttributes, links, seen);
        var (rest, restToFetch, obsolete) = SelectUnseen(kind, seen, isDelta, links, processor, entitled, syncAll, dueEscrows);
        return ([.. ready, .. rest], [.. toFetch.Union(restToFetch, StringComparer.OrdinalIgnoreCase)], obsolete);
    }

    /// <summary>The objects of one page (or a whole read); their ids join <paramref name="seen"/>.</summary>
    public static (List<Candidate> Ready, List<string> ToFetch) SelectRead(
        IReadOnlyList<SourceObject> read,
        bool isDelta,
        IReadOnlyCollection<string> queriedAttributes,
        IReadOnlyDictionary<string, LinkedObject> links,
        ISet<string> seen)
    {
        var ready = new List<Candidate>();
        var toFetch = new List<string>();
        foreach (var source in read.Reverse())
        {
            if (!seen.Add(source.Id))
            {
                continue;
            }

            // Delta pages may carry only the changed attributes; mapping a partial object would send wrong values.
            if (isDelta && source.Change == SourceChange.Present && queriedAttributes.Any(a => !source.Attributes.ContainsKey(a)))
            {
                toFetch.Add(source.Id);
                continue;
            }

            ready.Add(new Candidate(source, links.GetValueOrDefault(source.Id)));
        }

        return (ready, toFetch);
    }

    /// <summary>
    /// After the whole read: linked objects it did not carry, entitled objects a delta did not mention, due escrows, and
    /// <paramref name="rescoped"/> objects whose scope may have changed though the delta did not carry them.
    /// </summary>
    public static (List<Candidate> Ready, List<string> ToFetch, List<LinkedObject> Obsolete) SelectUnseen(
        ObjectKind kind,
        IReadOnlySet<string> seen,
        bool isDelta,
        IReadOnlyDictionary<string, LinkedObject> links,
        ObjectProcessor processor,
        IEnumerable<string> entitled,
        bool syncAll,
        IEnumerable<EscrowEntry> dueEscrows,
        IEnumerable<string>? rescoped = null)
    {
        var ready = new List<Candidate>();
        var toFetch = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var obsolete = new List<LinkedObject>();
        foreach (var link in links.Values.Where(l => !seen.Contains(l.SourceId)))
        {
            var provisioned = link is { TargetId: not null, State: LinkState.Active };
            if (!isDelta)
            {
                if (provisioned)
                {
                    ready.Add(Candidate.Stub(link, missing: true));
                }
                else if (link.TargetId is null)
                {
                    obsolete.Add(link);
                }

                continue;
            }

            if (!processor.IsEntitled(kind, link.SourceId))
            {
                if (provisioned)
                {
                    ready.Add(Candidate.Stub(link, missing: false));
                }
                else if (link.TargetId is null && kind == ObjectKind.User)
                {
                    obsolete.Add(link);
                }

                continue;
            }

            if (!LinkValues.SameSet(processor.RolesOf(link.SourceId), LinkValues.List(link, LinkValues.Roles)))
            {
                toFetch.Add(link.SourceId);
            }
        }

        if (isDelta && !syncAll)
        {
            toFetch.UnionWith(entitled.Where(id => !seen.Contains(id) && !links.ContainsKey(id)));
        }

        toFetch.UnionWith(dueEscrows.Where(e => e.Kind == kind && !seen.Contains(e.SourceId)).Select(e => e.SourceId));
        if (rescoped?.ToList() is { Count: > 0 } rescope)
        {
            var readyIds = ready.Select(r => r.Source.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            toFetch.UnionWith(rescope.Where(id => !seen.Contains(id) && !readyIds.Contains(id)));
        }

        return (ready, [.. toFetch], obsolete);
    }
}
