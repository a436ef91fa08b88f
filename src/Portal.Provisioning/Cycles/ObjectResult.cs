using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;

namespace Portal.Provisioning.Cycles;

/// <summary>What happened to one object in a cycle: its planned change, the steps taken, and an error if any.</summary>
internal sealed record ObjectResult(
    PlannedChange Change,
    ScopeDecision? Scope,
    IReadOnlyList<ProvisioningStep> Steps,
    string? TargetId,
    string? ErrorCode = null,
    string? ErrorReason = null,
    string? RecommendedAction = null,
    bool IsReferenceFailure = false)
{
    public bool Failed => ErrorCode is not null;

    public ProvisioningLogEntry? Log { get; init; }

    /// <summary>The directory id of a referenced user (the manager) not provisioned yet; the object is exported again once it is.</summary>
    public string? WaitingFor { get; init; }
}
