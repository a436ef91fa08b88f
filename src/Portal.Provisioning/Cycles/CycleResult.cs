using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

public enum CycleOutcome
{
    /// <summary>The cycle ran to its end (per-object failures are in <see cref="CycleResult.Failed"/>).</summary>
    Completed,

    /// <summary>Stopped before its end: a credential failure, an unreadable source or configuration.</summary>
    Aborted,

    /// <summary>The job is quarantined and its next attempt is not due yet; nothing ran.</summary>
    NotDue,

    Cancelled,
}

/// <summary>
/// One cycle's statistics. <see cref="Changes"/> is the reviewable diff of a dry-run (empty for other cycles);
/// <see cref="Quarantine"/> is the job's quarantine reason after the cycle (None when healthy).
/// </summary>
public sealed record CycleResult(
    Guid CycleId,
    CycleKind Kind,
    CycleOutcome Outcome,
    CycleState State,
    int Created,
    int Updated,
    int Disabled,
    int Deleted,
    int Skipped,
    int Failed,
    int Held,
    bool SourceComplete,
    QuarantineReason Quarantine,
    string? Error,
    IReadOnlyList<PlannedChange> Changes)
{
    /// <summary>The cycle read a delta (a dry-run too reports what the real cycle would have been).</summary>
    public bool IsIncremental { get; init; }
}
