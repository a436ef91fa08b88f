using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Reconciliation;

/// <summary>Compares what a link says was exported with a target object as the target returns it now.</summary>
internal static class TargetDrift
{
    /// <summary>
    /// The values the target should hold: the exported attributes (engine state and group members aside, which a listing
    /// leaves out), with <c>active</c> False for a link the portal disabled.
    /// </summary>
    public static Dictionary<string, JsonNode> Expected(LinkedObject link)
    {
        var expected = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ChangePlanner.Parse(link.ExportedValuesJson) ?? [])
        {
            // A null was never sent (or cleared on purpose): whatever the target holds there is not the portal's.
            if (value is not null && name[0] != ChangePlanner.StatePrefix && !name.Equals(ScimAttributeNames.Members, StringComparison.OrdinalIgnoreCase))
            {
                expected[name] = value;
            }
        }

        if (link.Kind == ObjectKind.User && link.State == LinkState.Disabled)
        {
            expected[ScimAttributeNames.Active] = JsonValue.Create(false);
        }

        return expected;
    }

    /// <summary>
    /// Each expected value beside the target's (null when it holds none); <c>Readable</c> is false for a path the target
    /// attribute syntax cannot read, which is then not compared.
    /// </summary>
    public static IEnumerable<(string Name, JsonNode Expected, JsonNode? Actual, bool Readable)> Compare(LinkedObject link, JsonObject resource)
    {
        foreach (var (name, expected) in Expected(link))
        {
            var (actual, readable) = Read(name, resource);
            yield return (name, expected, actual, readable);
        }
    }

    /// <summary>
    /// A target attribute's value in a resource as the portal would have exported it (null when it holds none);
    /// <c>Readable</c> is false for a path the target attribute syntax cannot read.
    /// </summary>
    public static (JsonNode? Value, bool Readable) Read(string name, JsonObject resource)
    {
        ScimPath path;
        try
        {
            path = ScimPath.Parse(name);
        }
        catch (TargetException)
        {
            return (null, false);
        }

        var value = path.Read(resource);
        // The manager goes out as an id and comes back as a reference ({"value": id, "$ref": ...}).
        return (path.IsManager && value is JsonObject reference ? ScimPath.Child(reference, ScimAttributeNames.Value) : value, true);
    }

    /// <summary>
    /// Whether the target's value holds the exported one: scalars equal ignoring case (targets often change the case of
    /// user names and mail, and "True" is true); a complex value holds every exported sub-attribute; a multi-valued
    /// attribute holds every exported element (targets add <c>primary</c>, <c>display</c> and the like).
    /// </summary>
    public static bool Holds(JsonNode? actual, JsonNode expected) => expected switch
    {
        JsonObject o => actual is JsonObject a && o.All(p => p.Value is null || Holds(ScimPath.Child(a, p.Key), p.Value)),
        JsonArray e => actual is JsonArray a && e.All(x => x is null || a.Any(y => Holds(y, x))),
        _ => actual is JsonValue && string.Equals(ScimPath.ScalarText(actual), ScimPath.ScalarText(expected), StringComparison.OrdinalIgnoreCase),
    };
}
