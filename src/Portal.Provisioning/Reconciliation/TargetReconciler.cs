using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Reconciliation;

/// <summary>
/// Compares one kind's links with the target's listing of that kind, object by object as the listing arrives, so a large
/// target is never held in memory: only the differences are kept.
/// </summary>
internal sealed class TargetReconciler
{
    private readonly ObjectKind _kind;
    private readonly Dictionary<string, LinkedObject> _byTargetId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<UnmanagedObject> _unmanaged = [];
    private readonly List<(LinkedObject Link, List<Difference> Differences)> _drifted = [];

    // Attributes some target object returned a value for: an attribute absent everywhere is one the target never returns
    // (a password, an attribute it does not keep), not a drift of every object.
    private readonly HashSet<string> _returned = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _unreadable = new(StringComparer.OrdinalIgnoreCase);
    private int _inTarget;
    private int _unmanagedCount;

    /// <remarks>disableRemoves: the target deletes a disabled user (no soft delete), so a disabled link expects nothing there.</remarks>
    public TargetReconciler(ObjectKind kind, IEnumerable<LinkedObject> links, bool disableRemoves = false)
    {
        _kind = kind;
        foreach (var link in links)
        {
            // A deleted link's target object is no longer the portal's: if it is still there, it is unmanaged.
            if (link.Kind == kind && link.TargetId is { } id && link.State != LinkState.Deleted && !(disableRemoves && link.State == LinkState.Disabled))
            {
                _byTargetId[id] = link;
            }
        }
    }

    public void Add(TargetObject found)
    {
        _inTarget++;
        if (!_byTargetId.TryGetValue(found.Id, out var link))
        {
            if (_unmanagedCount++ < ReconciliationSection.MaxListed)
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
            _drifted.Add((link, differences));
        }
    }

    public ReconciliationSection Section()
    {
        var notCompared = _drifted.SelectMany(d => d.Differences).Where(d => d.Absent && !_returned.Contains(d.Name)).Select(d => d.Name)
            .Concat(_unreadable).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var drifted = _drifted
            .Select(d => (d.Link, Attributes: d.Differences.Where(x => !notCompared.Contains(x.Name, StringComparer.OrdinalIgnoreCase))
                .Select(x => new DriftedAttribute(x.Name, x.Exported, x.InTarget)).ToList()))
            .Where(d => d.Attributes.Count > 0)
            .Select(d => new DriftedObject(d.Link.SourceId, d.Link.DisplayName, d.Link.TargetId!, d.Attributes))
            .ToList();
        var missing = _byTargetId.Values.Where(l => !_seen.Contains(l.TargetId!))
            .Select(l => new MissingObject(l.SourceId, l.DisplayName, l.TargetId!, l.State))
            .ToList();
        return new ReconciliationSection(_kind, _inTarget, _byTargetId.Count, missing.Count, _unmanagedCount, drifted.Count,
            [.. missing.OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase).Take(ReconciliationSection.MaxListed)],
            [.. _unmanaged.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)],
            [.. drifted.OrderBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase).Take(ReconciliationSection.MaxListed)],
            notCompared);
    }

    private sealed record Difference(string Name, string? Exported, string? InTarget, bool Absent);
}
