using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Reads and writes a link's stored state: the target attributes last exported plus engine state under '@' keys —
/// <c>@roles</c> (role values at the last evaluation, to notice assignment changes that Graph delta does not report),
/// and for groups <c>@sourceMembers</c> (source member ids) and <c>@members</c> (target ids last exported).
/// </summary>
internal static class LinkValues
{
    public const string Roles = "@roles";
    public const string SourceMembers = "@sourceMembers";
    public const string Members = "@members";

    public static IReadOnlyList<string> List(LinkedObject? link, string key) =>
        link?.ExportedValuesJson is { } json && JsonNode.Parse(json) is JsonObject o && o[key] is JsonArray a
            ? [.. a.Select(v => v!.GetValue<string>())]
            : [];

    /// <summary>Replaces the exported attributes (when given) and sets state keys, keeping the rest.</summary>
    public static void Write(LinkedObject link, IReadOnlyDictionary<string, JsonNode?>? exported, params (string Key, IEnumerable<string>? Values)[] state)
    {
        var current = ChangePlanner.Parse(link.ExportedValuesJson) ?? [];
        var next = new JsonObject();
        if (exported is null)
        {
            foreach (var (name, value) in current)
            {
                next[name] = value?.DeepClone();
            }
        }
        else
        {
            foreach (var (name, value) in current.Where(p => p.Key.StartsWith(ChangePlanner.StatePrefix)))
            {
                next[name] = value?.DeepClone();
            }

            foreach (var (name, value) in exported)
            {
                next[name] = value?.DeepClone();
            }
        }

        foreach (var (key, values) in state)
        {
            if (values is not null)
            {
                next[key] = new JsonArray([.. values.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v))]);
            }
        }

        link.ExportedValuesJson = next.ToJsonString();
        link.ExportedHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(link.ExportedValuesJson)), 0, 16);
    }

    public static bool SameSet(IReadOnlyCollection<string> left, IReadOnlyCollection<string> right) =>
        left.Count == right.Count && left.ToHashSet(StringComparer.Ordinal).SetEquals(right);
}
