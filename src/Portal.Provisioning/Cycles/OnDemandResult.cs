using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Provision on demand's answer as Entra shows it: per object the action, the steps (import, scope, match, action,
/// export) and the modified properties with old and new values. <see cref="Result"/> is Success, Skipped or Failure.
/// </summary>
public sealed record OnDemandResult(Guid CycleId, string Result, IReadOnlyList<OnDemandObject> Objects);

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
