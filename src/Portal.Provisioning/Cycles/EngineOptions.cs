namespace Portal.Provisioning.Cycles;

/// <summary>
/// Engine tuning. The escrow thresholds are Entra's (reference §1.10, "subject to change, roughly"); tests lower them.
/// </summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Linked objects, log entries and progress are written every this many finished objects (about 500 objects, as
    /// most count twice: link and result), or every 3 seconds when fewer finish in that time. Each commit rewrites every
    /// index page it touches, and the log's name and id indexes take rows in random order, so larger batches write less
    /// per row; a crash loses at most the links of the batches not yet written (up to three), which matching finds
    /// again.
    /// </summary>
    public int WriteBatchSize { get; init; } = 1000;

    /// <summary>Quarantine is considered only from this many escrowed failures on (Entra: 5,000).</summary>
    public int EscrowEvaluationStart { get; init; } = 5_000;

    /// <summary>Non-reference failures above this share of objects quarantine the job (Entra: 40 %).</summary>
    public double EscrowProportionThreshold { get; init; } = 0.4;

    /// <summary>Non-reference failures above this count quarantine the job (Entra: 40,000).</summary>
    public int EscrowCountThreshold { get; init; } = 40_000;

    /// <summary>All failures, references included, above this count quarantine the job (Entra: 60,000).</summary>
    public int EscrowTotalThreshold { get; init; } = 60_000;

    /// <summary>Failed objects are retried for this long, then dropped from escrow (Entra: 28 days).</summary>
    public TimeSpan EscrowGiveUpAfter { get; init; } = TimeSpan.FromDays(28);

    /// <summary>A job quarantined this long is switched off (Entra: 4 weeks).</summary>
    public TimeSpan QuarantineDisableAfter { get; init; } = TimeSpan.FromDays(28);

    /// <summary>Targets on loopback or private networks are refused unless allowed (embedded default, tests, CLI).</summary>
    public bool AllowPrivateNetworkTargets { get; init; }

    /// <summary>Request rate limit per target; null turns it off (benchmarks).</summary>
    public double? TargetRequestsPerSecond { get; init; } = 25;

    /// <summary>A running cycle stamps its heartbeat this often (besides every batch it writes).</summary>
    public TimeSpan CycleHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A cycle still Running whose heartbeat is older than this belongs to a node that is gone (killed, crashed, cut
    /// off); the next cycle of the job marks it Abandoned with the reason.
    /// </summary>
    public TimeSpan CycleAbandonedAfter { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Provisioning logs are kept this long (Entra keeps 30 days at most).</summary>
    public TimeSpan LogRetention { get; init; } = TimeSpan.FromDays(90);
}
