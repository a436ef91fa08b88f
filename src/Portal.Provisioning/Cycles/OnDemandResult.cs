using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Provision on demand's answer as Entra shows it: per object the action, the steps (import, scope, match, action,
/// export) and the modified properties with old and new values. <see cref="Result"/> is Success, Skipped or Failure.
/// </summary>
public sealed record OnDemandResult(Guid CycleId, string Result, IReadOnlyList<OnDemandObject> Objects)
{
    /// <summary>
    /// Counted per object, not per result (a group can have two: itself and its members): succeeded when a result
    /// succeeded and none failed; an object only skipped is neither.
    /// </summary>
    public (int Succeeded, int Failed) CountObjects()
    {
        var statuses = Objects.GroupBy(o => (o.Kind, o.SourceId)).Select(g => g.Select(o => o.Status).ToList()).ToList();
        return (statuses.Count(s => s.Contains(ProvisioningLogStatus.Success) && !s.Contains(ProvisioningLogStatus.Failure)),
            statuses.Count(s => s.Contains(ProvisioningLogStatus.Failure)));
    }
}

public sealed record OnDemandObject(
    ObjectKind Kind,
    string SourceId,
    string? DisplayName,
    ProvisioningAction Action,
    ProvisioningLogStatus Status,
    string? TargetId,
    IReadOnlyList<ProvisioningStep> Steps,
    IReadOnlyList<ModifiedProperty> ModifiedProperties,
    string Reason,
    string? ErrorCode,
    string? RecommendedAction);
