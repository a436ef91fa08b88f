namespace Portal.Sandbox.Graph;

/// <summary>
/// Object ids kept in ordinal order so list pages can resume after the last id returned (keyset paging): a page
/// token stays valid while objects are added or removed, and no object is skipped.
/// </summary>
internal sealed class SortedIds
{
    private readonly List<string> ids = [];

    public int Count => ids.Count;

    public void Add(string id)
    {
        var index = ids.BinarySearch(id, StringComparer.OrdinalIgnoreCase);
        if (index < 0)
        {
            ids.Insert(~index, id);
        }
    }

    public void Remove(string id)
    {
        var index = ids.BinarySearch(id, StringComparer.OrdinalIgnoreCase);
        if (index >= 0)
        {
            ids.RemoveAt(index);
        }
    }

    /// <summary>Bulk load for generated directories: one sort instead of n inserts.</summary>
    public void AddRange(IEnumerable<string> more)
    {
        ids.AddRange(more);
        ids.Sort(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Ids strictly after <paramref name="afterId"/> (all when null), in order.</summary>
    public IEnumerable<string> After(string? afterId)
    {
        var start = 0;
        if (afterId is not null)
        {
            var index = ids.BinarySearch(afterId, StringComparer.OrdinalIgnoreCase);
            start = index >= 0 ? index + 1 : ~index;
        }

        for (var i = start; i < ids.Count; i++)
        {
            yield return ids[i];
        }
    }
}
