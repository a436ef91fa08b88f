using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Puts a job into quarantine, keeps it there with a growing pause, or takes it out after a cycle without the problem
/// (reference §1.10). A job quarantined longer than allowed is switched off.
/// </summary>
internal sealed record QuarantineTransition(bool Entered, bool ReasonChanged, bool Left)
{
    public static QuarantineTransition Apply(ProvisioningJob job, QuarantineReason reason, string? error, DateTimeOffset now, EngineOptions options)
    {
        var quarantine = job.Quarantine;
        var was = quarantine.Reason;
        if (reason == QuarantineReason.None)
        {
            if (was == QuarantineReason.None)
            {
                job.StatusCode = JobStatusCode.Active;
                return new QuarantineTransition(false, false, false);
            }

            quarantine.Reason = QuarantineReason.None;
            quarantine.Error = null;
            quarantine.CurrentBegan = null;
            quarantine.SeriesBegan = null;
            quarantine.SeriesCount = 0;
            quarantine.NextAttempt = null;
            job.StatusCode = JobStatusCode.Active;
            return new QuarantineTransition(false, false, true);
        }

        quarantine.Reason = reason;
        quarantine.Error = error;
        quarantine.CurrentBegan = was == QuarantineReason.None ? now : quarantine.CurrentBegan;
        quarantine.SeriesBegan ??= now;
        quarantine.SeriesCount++;
        // A held deletion waits for the admin, not for a schedule: later cycles still run and hold again.
        quarantine.NextAttempt = reason == QuarantineReason.TooManyDeletes ? null : now + EscrowPolicy.QuarantinePause(quarantine.SeriesCount);
        job.StatusCode = JobStatusCode.Quarantine;
        if (now - quarantine.SeriesBegan > options.QuarantineDisableAfter)
        {
            job.Status = ProvisioningStatus.Off;
            job.StatusCode = JobStatusCode.Paused;
        }

        return new QuarantineTransition(was == QuarantineReason.None, was != QuarantineReason.None && was != reason, false);
    }
}
