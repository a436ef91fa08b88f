using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Reference attributes of users (the manager): the mapping yields the referenced user's directory object id, the
/// target must receive that user's target id. Resolved through the linked-object store; a referenced user not (yet)
/// provisioned leaves the attribute out of this export and is waited for — the reference is sent as soon as that user
/// is linked, in this cycle or a later one (Entra sends it only after a restart).
/// </summary>
internal sealed class UserReferences(IEnumerable<AttributeMapping> userMappings, Func<string, string?> targetIdOfUser)
{
    private readonly string[] _attributes =
        [.. userMappings.Where(m => m.Type != MappingType.None && ScimPath.NamesManager(m.TargetAttribute)).Select(m => m.TargetAttribute)];

    /// <summary>True when the job maps a reference attribute at all.</summary>
    public bool Any => _attributes.Length > 0;

    /// <summary>
    /// The mapped values with each reference resolved to a target id, or left out while the referenced user is not
    /// provisioned (its directory id is then <paramref name="waitingFor"/>); the step says which.
    /// </summary>
    public MappedObject Resolve(MappedObject mapped, List<ProvisioningStep> steps, out string? waitingFor)
    {
        waitingFor = null;
        if (_attributes.Length == 0)
        {
            return mapped;
        }

        var values = new Dictionary<string, JsonNode?>(mapped.Values, StringComparer.OrdinalIgnoreCase);
        foreach (var attribute in _attributes)
        {
            if (!values.TryGetValue(attribute, out var value) || value is not JsonValue source || !source.TryGetValue<string>(out var sourceId))
            {
                continue;
            }

            if (targetIdOfUser(sourceId) is { } targetId)
            {
                values[attribute] = JsonValue.Create(targetId);
                steps.Add(ProvisioningStep.Of("EntryReferenceResolution", ProvisioningStep.ReferenceResolution, "Success",
                    $"{attribute}: directory user {sourceId} is target object {targetId}."));
            }
            else
            {
                values.Remove(attribute);
                waitingFor = sourceId;
                steps.Add(ProvisioningStep.Of("EntryReferenceResolution", ProvisioningStep.ReferenceResolution, "Skipped",
                    $"{attribute}: directory user {sourceId} is not provisioned in the target yet; the reference is sent as soon as it is."));
            }
        }

        return mapped with { Values = values };
    }
}
