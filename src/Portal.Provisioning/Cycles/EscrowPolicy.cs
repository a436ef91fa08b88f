using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Retry back-off and quarantine rules of reference §1.9–1.10: a failed object is retried 6 h, 12 h and 24 h after its
/// first failure, then every 24 h, and dropped after 28 days; the job is quarantined when escrows pass the thresholds,
/// and a quarantined job is attempted again after a growing pause that ends at once a day.
/// </summary>
public sealed class EscrowPolicy(EngineOptions options)
{
    public DateTimeOffset NextAttempt(DateTimeOffset firstFailedAt, int attempts) => attempts switch
    {
        <= 1 => firstFailedAt.AddHours(6),
        2 => firstFailedAt.AddHours(12),
        3 => firstFailedAt.AddHours(24),
        _ => firstFailedAt.AddHours(24 * (attempts - 2)),
    };

    public bool IsExpired(EscrowEntry entry, DateTimeOffset now) => now - entry.FirstFailedAt > options.EscrowGiveUpAfter;

    /// <summary>The quarantine reason the escrow counts call for, or None.</summary>
    /// <remarks>inSync: objects exported successfully and linked, the denominator of the failure proportion.</remarks>
    public QuarantineReason Evaluate(int failures, int referenceFailures, int inSync)
    {
        var total = failures + referenceFailures;
        if (total < options.EscrowEvaluationStart)
        {
            return QuarantineReason.None;
        }

        if (total > options.EscrowTotalThreshold)
        {
            return QuarantineReason.EncounteredTotalEscrowThreshold;
        }

        if (failures > options.EscrowCountThreshold)
        {
            return QuarantineReason.EncounteredBaseEscrowThreshold;
        }

        return failures > options.EscrowProportionThreshold * (failures + inSync)
            ? QuarantineReason.EncounteredEscrowProportionThreshold
            : QuarantineReason.None;
    }

    /// <summary>Pause before the next attempt of a quarantined job: 1 h, 2 h, 4 h, ... up to once a day.</summary>
    public static TimeSpan QuarantinePause(int seriesCount) =>
        TimeSpan.FromHours(Math.Min(24, Math.Pow(2, Math.Clamp(seriesCount - 1, 0, 5))));
}
