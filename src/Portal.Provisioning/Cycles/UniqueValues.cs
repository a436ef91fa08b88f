using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// SelectUniqueValue in provisioning to any target (Entra offers it only for HR → Active Directory flows, reference
/// §6 #10): when an object is created, each rule's value is looked up in the target, and the first one that no target
/// object holds and no other object of this cycle has chosen is sent. When every value is taken the object fails and is
/// escrowed, as in Entra, so it is retried once the target or the directory changes. A value stays claimed for the
/// cycle even when its create then fails, so two objects exported side by side never race for one value.
/// </summary>
internal sealed class UniqueValues(Func<ObjectKind, string, string, CancellationToken, Task<IReadOnlyList<TargetObject>>> find)
{
    // kind, attribute and value → the source id that chose it; SCIM compares userName and most text case-insensitively.
    private readonly ConcurrentDictionary<string, string> _claimed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The mapped values with each SelectUniqueValue attribute set to its first free candidate; the step says which.</summary>
    /// <exception cref="MappingException">Every candidate of an attribute is taken.</exception>
    public async Task<MappedObject> ChooseAsync(ObjectKind kind, string sourceId, MappedObject mapped, List<ProvisioningStep> steps, CancellationToken cancellationToken)
    {
        if (mapped.UniqueValueCandidates is not { Count: > 0 } rules)
        {
            return mapped;
        }

        var values = new Dictionary<string, JsonNode?>(mapped.Values, StringComparer.OrdinalIgnoreCase);
        foreach (var (attribute, candidates) in rules)
        {
            var taken = new List<string>();
            string? chosen = null;
            foreach (var candidate in candidates)
            {
                if (await TakenAsync(kind, attribute, candidate, sourceId, cancellationToken) is { } holder)
                {
                    taken.Add($"'{candidate}' ({holder})");
                    continue;
                }

                chosen = candidate;
                break;
            }

            if (chosen is null)
            {
                var reason = $"SelectUniqueValue for '{attribute}': every rule's value is taken: {string.Join(", ", taken)}.";
                steps.Add(ProvisioningStep.Of("EntryUniqueValue", "processing", "Failure", reason));
                throw new MappingException(reason);
            }

            values[attribute] = JsonValue.Create(chosen);
            steps.Add(ProvisioningStep.Of("EntryUniqueValue", "processing", "Success", taken.Count == 0
                ? $"{attribute}: '{chosen}' is free in the target."
                : $"{attribute}: {string.Join(", ", taken)} taken; '{chosen}' is free in the target."));
        }

        return mapped with { Values = values, UniqueValueCandidates = null };
    }

    // Who holds the value (a target object, or another object of this cycle); null when it is free, and now claimed.
    private async Task<string?> TakenAsync(ObjectKind kind, string attribute, string value, string sourceId, CancellationToken cancellationToken)
    {
        var key = $"{kind}\n{attribute}\n{value}";
        if (_claimed.TryGetValue(key, out var owner) && owner != sourceId)
        {
            return "chosen by another object in this cycle";
        }

        var found = await find(kind, attribute, value, cancellationToken);
        if (found.Count > 0)
        {
            return $"held by target object {found[0].Id}";
        }

        return _claimed.GetOrAdd(key, sourceId) == sourceId ? null : "chosen by another object in this cycle";
    }
}
