namespace Portal.Data.Entities;

/// <summary>How a cycle ran; <see cref="Undo"/> put back what an earlier cycle changed in the target.</summary>
public enum CycleKind { Initial, Incremental, OnDemand, DryRun, Undo }

/// <summary>
/// Graph synchronizationTaskExecution.state, plus the states of a cycle not yet finished and of one whose node died
/// (<see cref="Abandoned"/>: found Running with no live runner; set by the next cycle of the job).
/// </summary>
public enum CycleState { Running, Succeeded, EntryLevelErrors, Failed, Cancelled, Abandoned }

/// <summary>One run of a job (Graph activityIdentifier / cycleId) and its statistics.</summary>
public sealed class Cycle : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid JobId { get; set; }
    public CycleKind Kind { get; set; }
    public CycleState State { get; set; } = CycleState.Running;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>What started it (the schedule, Sync now, Allow deletes, a change notification); null when not told (command line, previews).</summary>
    public string? StartedBy { get; set; }

    /// <summary>Which portal node ran it; a cycle left Running by a dead node is resumed elsewhere.</summary>
    public string? Node { get; set; }

    /// <summary>Stamped by the running cycle every little while; a stale one means its node is gone.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public int Imported { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Disabled { get; set; }
    public int Deleted { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    public int Held { get; set; }
    public int Escrowed { get; set; }

    /// <summary>Progress in objects, not pages.</summary>
    public int TotalUnits { get; set; }

    public int CompletedUnits { get; set; }

    /// <summary>False when a source page or delta round failed: the cycle then exported no disables or deletes.</summary>
    public bool SourceComplete { get; set; } = true;

    public string? Error { get; set; }

    /// <summary>An undo's: the cycle whose changes it put back.</summary>
    public Guid? UndoOf { get; set; }

    /// <summary>The undo that put back every change of this cycle; until then the cycle may be undone (again).</summary>
    public Guid? UndoneBy { get; set; }
}
