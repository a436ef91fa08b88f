using System.Text.Json.Nodes;

namespace Portal.Provisioning.Targets;

/// <summary>
/// Every object of one kind in a target, read in one paged listing and keyed by the values of the matching attributes,
/// so a cycle that must match many objects asks the target once instead of once per object. It answers exactly what
/// <see cref="ITargetConnector.FindAsync"/> would: the same attributes, the same case rules of the target's dialect,
/// several matches kept as several. Objects the cycle creates are added, as a look-up after them would find them.
/// Thread-safe.
/// </summary>
public sealed class TargetSnapshot
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Column> _columns = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="attributes">Each attribute covered, with the comparison the target's filter uses for it and how to read its value from a resource.</param>
    public TargetSnapshot(IEnumerable<(string Attribute, StringComparer Comparer, Func<JsonObject, string?> Read)> attributes)
    {
        foreach (var (attribute, comparer, read) in attributes)
        {
            _columns[attribute] = new Column(read, new Dictionary<string, List<string>>(comparer));
        }
    }

    /// <summary>How many objects the listing returned.</summary>
    public int Count { get; private set; }

    public void Add(TargetObject found)
    {
        lock (_gate)
        {
            Count++;
            foreach (var column in _columns.Values)
            {
                if (column.Read(found.Resource) is not { } value)
                {
                    continue;
                }

                if (!column.Ids.TryGetValue(value, out var ids))
                {
                    column.Ids[value] = ids = [];
                }

                if (!ids.Contains(found.Id))
                {
                    ids.Add(found.Id);
                }
            }
        }
    }

    /// <summary>The objects whose attribute equals the value; null when the snapshot does not cover the attribute (ask the target).</summary>
    public IReadOnlyList<TargetObject>? Find(string attribute, string value)
    {
        if (!_columns.TryGetValue(attribute, out var column))
        {
            return null;
        }

        lock (_gate)
        {
            return column.Ids.TryGetValue(value, out var ids) ? [.. ids.Select(id => new TargetObject(id, null, null, []))] : [];
        }
    }

    private sealed record Column(Func<JsonObject, string?> Read, Dictionary<string, List<string>> Ids);
}
