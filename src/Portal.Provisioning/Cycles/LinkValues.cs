using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Reads and writes a link's stored state: the target attributes last exported plus engine state under '@' keys —
/// <c>@roles</c> (role values at the last evaluation, to notice assignment changes that Graph delta does not report),
/// for users <c>@waitingFor</c> (a manager not yet provisioned), and for groups <c>@sourceMembers</c> (source member ids)
/// and <c>@members</c> (target ids last exported).
/// </summary>
internal static class LinkValues
{
    public const string Roles = "@roles";
    public const string SourceMembers = "@sourceMembers";
    public const string Members = "@members";

    /// <summary>A user's: the directory id of the referenced user (manager) the last export waited for.</summary>
    public const string WaitingFor = "@waitingFor";

    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Whether a user's last export waited for a referenced user, read without parsing the link: every user link of a
    /// job that maps a reference carries the key, almost all with an empty list (written compactly, below).
    /// </summary>
    public static bool Waits(LinkedObject link) => link.ExportedValuesJson?.Contains($"\"{WaitingFor}\":[\"", StringComparison.Ordinal) == true;

    public static IReadOnlyList<string> List(LinkedObject? link, string key) =>
        link?.ExportedValuesJson is { } json && JsonNode.Parse(json) is JsonObject o && o[key] is JsonArray a
            ? [.. a.Select(v => v!.GetValue<string>())]
            : [];

    /// <summary>Replaces the exported attributes (when given) and sets state keys, keeping the rest.</summary>
    public static void Write(LinkedObject link, IReadOnlyDictionary<string, JsonNode?>? exported, params (string Key, IEnumerable<string>? Values)[] state)
    {
        var current = ChangePlanner.Parse(link.ExportedValuesJson);
        // Later keys replace earlier ones in place, as setting a JSON object's property does; a handful of keys, so a list.
        var entries = new List<(string Name, JsonNode? Value, IEnumerable<string>? Values)>((current?.Count ?? 0) + (exported?.Count ?? 0) + state.Length);
        foreach (var (name, value) in current ?? [])
        {
            if (exported is null || name.StartsWith(ChangePlanner.StatePrefix))
            {
                Set(entries, name, value, null);
            }
        }

        foreach (var (name, value) in exported ?? PlannedChange.NoValues)
        {
            Set(entries, name, value, null);
        }

        foreach (var (key, values) in state)
        {
            if (values is not null)
            {
                Set(entries, key, null, values.Order(StringComparer.Ordinal));
            }
        }

        // Written straight from the values (no copy of each node into a new object) and hashed from the same bytes, with a
        // buffer and writer each thread keeps: every exported object comes through here, and this method never awaits.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var (name, value, values) in entries)
        {
            writer.WritePropertyName(name);
            if (values is not null)
            {
                writer.WriteStartArray();
                foreach (var item in values)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
            }
            else if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        link.ExportedValuesJson = Encoding.UTF8.GetString(buffer.WrittenSpan);
        link.ExportedHash = Convert.ToHexString(SHA256.HashData(buffer.WrittenSpan), 0, 16);
        if (buffer.Capacity > MaxKeptBuffer)
        {
            // A large group's member list: not kept for the small objects that follow.
            (t_buffer, t_writer) = (null, null);
        }
    }

    /// <summary>Puts back stored values kept from before a change (<see cref="LinkImage"/>), hashed as <see cref="Write"/> hashes.</summary>
    public static void Restore(LinkedObject link, LinkImage image)
    {
        link.State = image.State;
        link.ExportedValuesJson = image.ValuesJson;
        link.ExportedHash = image.ValuesJson is null ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(image.ValuesJson)), 0, 16);
    }

    private static void Set(List<(string Name, JsonNode? Value, IEnumerable<string>? Values)> entries, string name, JsonNode? value, IEnumerable<string>? values)
    {
        for (var at = 0; at < entries.Count; at++)
        {
            if (entries[at].Name == name)
            {
                entries[at] = (name, value, values);
                return;
            }
        }

        entries.Add((name, value, values));
    }

    public static bool SameSet(IReadOnlyCollection<string> left, IReadOnlyCollection<string> right) =>
        left.Count == right.Count && left.ToHashSet(StringComparer.Ordinal).SetEquals(right);
}
