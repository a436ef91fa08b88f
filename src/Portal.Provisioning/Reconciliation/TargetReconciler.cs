using Humanizer;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Reconciliation;

/// <summary>
/// Compares one kind's links with the target's listing of that kind, object by object as the listing arrives, so a large
/// target is never held in memory: only the differences are kept.
/// </summary>
internal sealed class TargetReconciler
{
    private readonly ObjectKind _kind;
    private readonly int _maxListed;
    private readonly Dictionary<string, LinkedObject> _byTargetId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<UnmanagedObject> _unmanaged = [];
    private readonly Dictionary<LinkedObject, List<Difference>> _drifted = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyDictionary<string, string?> _memberNames;
    private readonly Lock _gate = new();

    // Attributes some target object returned a value for: an attribute absent everywhere is one the target never returns
    // (a password, an attribute it does not keep), not a drift of every object.
    private readonly HashSet<string> _returned = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _unreadable = new(StringComparer.OrdinalIgnoreCase);
    private int _inTarget;
    private int _unmanagedCount;
    private bool _membersNotReturned;

    /// <remarks>
    /// disableRemoves: the target deletes a disabled user (no soft delete), so a disabled link expects nothing there.
    /// memberNames: the display names of the users linked by their target ids, to name group members. maxListed: how many
    /// entries each list keeps (the counts are always whole).
    /// </remarks>
    public TargetReconciler(ObjectKind kind, IEnumerable<LinkedObject> links, bool disableRemoves = false, IReadOnlyDictionary<string, string?>? memberNames = null,
        int maxListed = ReconciliationSection.MaxListed)
    {
        _kind = kind;
        _maxListed = maxListed;
        _memberNames = memberNames ?? new Dictionary<string, string?>();
        foreach (var link in links)
        {
            // A deleted link's target object is no longer the portal's: if it is still there, it is unmanaged.
            if (link.Kind == kind && link.TargetId is { } id && link.State != LinkState.Deleted && !(disableRemoves && link.State == LinkState.Disabled))
            {
                _byTargetId[id] = link;
            }
        }
    }

    /// <summary>The link that names this target object, or null when none does (or it is not expected there).</summary>
    public LinkedObject? LinkOf(string targetId) => _byTargetId.GetValueOrDefault(targetId);

    public void Add(TargetObject found)
    {
        _inTarget++;
        if (!_byTargetId.TryGetValue(found.Id, out var link))
        {
            if (_unmanagedCount++ < _maxListed)
            {
                _unmanaged.Add(new UnmanagedObject(found.Id, found.DisplayName, found.Active));
            }

            return;
        }

        if (!_seen.Add(found.Id))
        {
            return;
        }

        List<Difference>? differences = null;
        foreach (var (name, expected, actual, readable) in TargetDrift.Compare(link, found.Resource))
        {
            if (!readable)
            {
                _unreadable.Add(name);
                continue;
            }

            if (actual is not null)
            {
                _returned.Add(name);
            }

            if (!TargetDrift.Holds(actual, expected))
            {
                (differences ??= []).Add(new Difference(name, ChangePlanner.Text(expected), ChangePlanner.Text(actual), actual is null));
            }
        }

        if (differences is not null)
        {
            _drifted[link] = differences;
        }
    }

    /// <summary>The linked groups the target listed: their members are compared next, one request each.</summary>
    public IReadOnlyList<string> GroupsFound => _kind == ObjectKind.Group ? [.. _seen] : [];

    /// <summary>
    /// Compares a group's members in the target (null when the target does not return them) with the members last
    /// exported. Thread-safe, so the groups can be read in parallel.
    /// </summary>
    public void AddMembers(string groupId, IReadOnlyList<string>? members)
    {
        lock (_gate)
        {
            if (!_byTargetId.TryGetValue(groupId, out var link))
            {
                return;
            }

            if (members is null)
            {
                _membersNotReturned = true;
                return;
            }

            var exported = LinkValues.List(link, LinkValues.Members).ToHashSet(StringComparer.Ordinal);
            var missing = exported.Except(members, StringComparer.Ordinal).ToList();
            var added = members.Distinct(StringComparer.Ordinal).Except(exported, StringComparer.Ordinal).ToList();
            if (missing.Count + added.Count == 0)
            {
                return;
            }

            var change = string.Join("; ", new[] { Names("missing", missing), Names("added in the target", added) }.Where(t => t.Length > 0));
            var difference = new Difference(ScimAttributeNames.Members, "member".ToQuantity(exported.Count), $"{"member".ToQuantity(members.Count)}; {change}", Absent: false);
            if (_drifted.TryGetValue(link, out var differences))
            {
                differences.Add(difference);
            }
            else
            {
                _drifted[link] = [difference];
            }
        }
    }

    private string Names(string what, List<string> ids)
    {
        const int Shown = 5;
        if (ids.Count == 0)
        {
            return string.Empty;
        }

        var names = ids.Take(Shown).Select(id => _memberNames.GetValueOrDefault(id) ?? id);
        return $"{what}: {string.Join(", ", names)}{(ids.Count > Shown ? $" and {ids.Count - Shown} more" : "")}";
    }

    public ReconciliationSection Section()
    {
        var notCompared = _drifted.Values.SelectMany(d => d).Where(d => d.Absent && !_returned.Contains(d.Name)).Select(d => d.Name)
            .Concat(_unreadable).Concat(_membersNotReturned ? [ScimAttributeNames.Members] : [])
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var drifted = _drifted
            .Select(d => (Link: d.Key, Attributes: d.Value.Where(x => !notCompared.Contains(x.Name, StringComparer.OrdinalIgnoreCase))
                .Select(x => new DriftedAttribute(x.Name, x.Exported, x.InTarget)).ToList()))
            .Where(d => d.Attributes.Count > 0)
            .Select(d => new DriftedObject(d.Link.SourceId, d.Link.DisplayName, d.Link.TargetId!, d.Attributes))
            .ToList();
        var missing = _byTargetId.Values.Where(l => !_seen.Contains(l.TargetId!))
            .Select(l => new MissingObject(l.SourceId, l.DisplayName, l.TargetId!, l.State))
            .ToList();
        return new ReconciliationSection(_kind, _inTarget, _byTargetId.Count, missing.Count, _unmanagedCount, drifted.Count,
            [.. missing.OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase).Take(_maxListed)],
            [.. _unmanaged.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)],
            [.. drifted.OrderBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase).Take(_maxListed)],
            notCompared);
    }

    private sealed record Difference(string Name, string? Exported, string? InTarget, bool Absent);
}
