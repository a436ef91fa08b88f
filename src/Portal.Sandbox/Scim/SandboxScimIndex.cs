using System.Text.Json.Nodes;

namespace Portal.Sandbox.Scim;

/// <summary>
/// Ids by the value of the attributes targets are searched and kept unique on (userName, displayName, externalId),
/// case-insensitively, so uniqueness checks and <c>attribute eq "value"</c> filters do not scan every resource: a
/// sandbox that slows down with its size would make the benchmarks measure it instead of the client. Candidates are
/// still run through the parsed filter, so the answers are the same as a scan's.
/// </summary>
internal sealed class SandboxScimIndex
{
    public static readonly string[] Attributes = ["userName", "displayName", "externalId"];

    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _byAttribute =
        Attributes.ToDictionary(a => a, _ => new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

    // Resources whose indexed attribute is not a plain value: always candidates, as a scan would test them.
    private readonly HashSet<string> _unindexable = new(StringComparer.Ordinal);

    public static bool Covers(string attribute) => Attributes.Contains(attribute, StringComparer.OrdinalIgnoreCase);

    public void Add(string id, JsonObject resource) => Apply(id, resource, add: true);

    public void Remove(string id, JsonObject resource) => Apply(id, resource, add: false);

    public void Clear()
    {
        foreach (var values in _byAttribute.Values)
        {
            values.Clear();
        }

        _unindexable.Clear();
    }

    /// <summary>Ids that may have the value (a superset of the exact matches).</summary>
    public IEnumerable<string> Candidates(string attribute, string value) =>
        (_byAttribute[attribute].TryGetValue(value, out var ids) ? ids : []).Concat(_unindexable);

    private void Apply(string id, JsonObject resource, bool add)
    {
        foreach (var (attribute, values) in _byAttribute)
        {
            switch (SandboxScimResource.Child(resource, attribute))
            {
                case null:
                    break;
                case JsonValue value:
                    var key = SandboxScimFilter.Text(value);
                    if (add)
                    {
                        if (!values.TryGetValue(key, out var ids))
                        {
                            values[key] = ids = new HashSet<string>(StringComparer.Ordinal);
                        }

                        ids.Add(id);
                    }
                    else if (values.TryGetValue(key, out var ids) && ids.Remove(id) && ids.Count == 0)
                    {
                        values.Remove(key);
                    }

                    break;
                default:
                    _ = add ? _unindexable.Add(id) : _unindexable.Remove(id);
                    break;
            }
        }
    }
}
