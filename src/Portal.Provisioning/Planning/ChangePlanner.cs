using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Matching;

namespace Portal.Provisioning.Planning;

/// <summary>
/// Turns scope, link and mapped values into one change: create, update only the attributes that differ from what was
/// last exported, disable (out of scope, unassigned, disabled or soft-deleted), delete (hard-deleted; groups that
/// leave scope), or skip — honouring the object mapping's target object actions and "skip out-of-scope deletions".
/// </summary>
/// <remarks>
/// addOnly: target attributes whose values are only ever added (AppRoleAssignmentsComplex): what was exported stays
/// recorded, and an update sends only the values not exported yet.
/// </remarks>
public sealed class ChangePlanner(ObjectMapping objectMapping, bool skipOutOfScopeDeletions, IReadOnlySet<string>? addOnly = null)
{
    /// <summary>Keys of a link's stored values that are engine state, not target attributes.</summary>
    public const char StatePrefix = '@';

    public PlannedChange Plan(PlanningInput input)
    {
        var link = input.Link;
        var linkedTarget = link is { TargetId: not null, State: not LinkState.Deleted } ? link.TargetId : null;

        if (input.Change == Source.SourceChange.HardDeleted)
        {
            return linkedTarget is null ? Skip(input, "Deleted in the source; not provisioned.")
                : objectMapping.AllowDelete ? Change(input, ChangeAction.Delete, linkedTarget, "Permanently deleted in the source directory.")
                : Skip(input, "Deleted in the source, but the Delete target object action is off.");
        }

        if (input.Scope.InputFiltered)
        {
            return Skip(input, input.Scope.Reason);
        }

        if (!input.Scope.InScope)
        {
            if (linkedTarget is null || link!.State != LinkState.Active)
            {
                return Skip(input, input.Scope.Reason);
            }

            if (skipOutOfScopeDeletions)
            {
                return Skip(input, $"{input.Scope.Reason} Skipped: out-of-scope deletions are skipped for this job.");
            }

            // SCIM groups have no 'active': a group leaving scope is deleted, as Entra does.
            return input.Kind == ObjectKind.Group
                ? objectMapping.AllowDelete ? Change(input, ChangeAction.Delete, linkedTarget, input.Scope.Reason)
                    : Skip(input, $"{input.Scope.Reason} The Delete target object action is off.")
                : Change(input, ChangeAction.Disable, linkedTarget, input.Scope.Reason);
        }

        if (input.Match is { Outcome: MatchOutcome.Duplicate or MatchOutcome.NoMatchingValue } failed)
        {
            return Skip(input, failed.ErrorCode!);
        }

        var mapped = input.Mapped ?? throw new InvalidOperationException("An in-scope object is planned without mapped values.");
        var targetId = linkedTarget ?? input.Match?.TargetId;
        if (targetId is null)
        {
            return objectMapping.AllowCreate
                ? Change(input, ChangeAction.Create, null, "In scope and not found in the target.", mapped.Values, mapped.Values,
                    Diff(null, mapped.Values), mapped.MatchingKeys.FirstOrDefault())
                : Skip(input, "Not found in the target, but the Create target object action is off.");
        }

        var exported = linkedTarget is null ? null : Parse(link!.ExportedValuesJson);
        var desired = WithExportedKept(exported, mapped.Values);
        var changes = Changed(exported, desired);
        if (changes.Count == 0)
        {
            return new PlannedChange(input.Kind, input.SourceId, input.DisplayName, ChangeAction.Skip, targetId, PlannedChange.NoValues,
                desired, [], "RedundantExport: the state of the object in source and target already match.");
        }

        if (!objectMapping.AllowUpdate)
        {
            return Skip(input, "Changed in the source, but the Update target object action is off.");
        }

        var (sent, added) = OnlyNewValues(exported, changes);
        // A link nothing was ever exported through is one an admin made to an account of the target's own.
        var reason = linkedTarget is null ? "Matched an existing target object."
            : link!.LastExportedAt is null ? "Linked to this target object by an admin: it gets the directory's values where its own differ."
            : "Changed in the source.";
        return Change(input, ChangeAction.Update, targetId, reason,
            sent, Merge(exported, desired), Diff(exported, changes)) with { Added = added, Previous = exported is null ? null : Replaced(exported, changes) };
    }

    // An add-only attribute's desired values: those exported before (the target keeps them) and the mapped ones.
    private IReadOnlyDictionary<string, JsonNode?> WithExportedKept(JsonObject? exported, IReadOnlyDictionary<string, JsonNode?> mapped)
    {
        if (addOnly is not { Count: > 0 } || exported is null)
        {
            return mapped;
        }

        var desired = new Dictionary<string, JsonNode?>(mapped, StringComparer.OrdinalIgnoreCase);
        foreach (var name in addOnly)
        {
            if (exported[name] is JsonArray before && mapped.GetValueOrDefault(name) is JsonArray now)
            {
                desired[name] = new JsonArray([.. before.Select(v => v?.DeepClone()), .. now.Where(v => !before.Any(b => JsonNode.DeepEquals(b, v))).Select(v => v?.DeepClone())]);
            }
        }

        return desired;
    }

    // What goes to the target: an add-only attribute's values not exported yet, to be added; the rest as changed.
    private (IReadOnlyDictionary<string, JsonNode?> Sent, IReadOnlySet<string>? Added) OnlyNewValues(JsonObject? exported, Dictionary<string, JsonNode?> changes)
    {
        if (addOnly is not { Count: > 0 })
        {
            return (changes, null);
        }

        var sent = new Dictionary<string, JsonNode?>(changes, StringComparer.OrdinalIgnoreCase);
        var added = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in addOnly.Where(changes.ContainsKey))
        {
            if (changes[name] is JsonArray desired)
            {
                var before = exported?[name] as JsonArray ?? [];
                sent[name] = new JsonArray([.. desired.Where(v => !before.Any(b => JsonNode.DeepEquals(b, v))).Select(v => v?.DeepClone())]);
                added.Add(name);
            }
        }

        return (sent, added.Count > 0 ? added : null);
    }

    public static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    private static Dictionary<string, JsonNode?> Changed(JsonObject? exported, IReadOnlyDictionary<string, JsonNode?> desired)
    {
        var changes = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in desired)
        {
            var old = exported?[name];
            if (value is null && old is null)
            {
                continue;
            }

            if (!JsonNode.DeepEquals(old, value))
            {
                changes[name] = value;
            }
        }

        return changes;
    }

    // What is stored after an update: the previous state overlaid with the new values, so OnCreateOnly attributes
    // exported at create time stay recorded.
    private static Dictionary<string, JsonNode?> Merge(JsonObject? exported, IReadOnlyDictionary<string, JsonNode?> desired)
    {
        var merged = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in exported ?? [])
        {
            if (name.Length > 0 && name[0] != StatePrefix)
            {
                merged[name] = value?.DeepClone();
            }
        }

        foreach (var (name, value) in desired)
        {
            merged[name] = value;
        }

        return merged;
    }

    private static Dictionary<string, JsonNode?> Replaced(JsonObject exported, Dictionary<string, JsonNode?> changes) =>
        changes.Keys.ToDictionary(name => name, name => exported[name]?.DeepClone(), StringComparer.OrdinalIgnoreCase);

    private static List<ModifiedProperty> Diff(JsonObject? exported, IReadOnlyDictionary<string, JsonNode?> changes) =>
        [.. changes.Select(c => new ModifiedProperty(c.Key, Text(exported?[c.Key]), Text(c.Value)))];

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(JsonSerializerOptions.Default),
    };

    private static PlannedChange Skip(PlanningInput input, string reason) =>
        new(input.Kind, input.SourceId, input.DisplayName, ChangeAction.Skip, input.Link?.TargetId, PlannedChange.NoValues,
            PlannedChange.NoValues, [], reason);

    private static PlannedChange Change(
        PlanningInput input,
        ChangeAction action,
        string? targetId,
        string reason,
        IReadOnlyDictionary<string, JsonNode?>? changes = null,
        IReadOnlyDictionary<string, JsonNode?>? values = null,
        IReadOnlyList<ModifiedProperty>? modified = null,
        Targets.MatchingKey? key = null) =>
        new(input.Kind, input.SourceId, input.DisplayName, action, targetId, changes ?? PlannedChange.NoValues,
            values ?? PlannedChange.NoValues, modified ?? [], reason, key);
}
