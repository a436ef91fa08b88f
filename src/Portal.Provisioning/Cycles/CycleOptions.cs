namespace Portal.Provisioning.Cycles;

/// <summary>
/// How to run one cycle. <see cref="DryRun"/> plans everything (threshold and quarantine checks included) and writes
/// nothing to the target; <see cref="AllowHeldDeletions"/> is the admin's "Allow deletes" for disables and deletes
/// held by the deletion threshold; <see cref="IgnoreQuarantineSchedule"/> runs a quarantined job before its next attempt
/// ("Sync now" after a fix). <see cref="HoldsJobLock"/>: the caller holds a lock that every runner of this job takes
/// (the CLI's lock on its state file), so any other cycle of the job still Running is dead whatever its heartbeat.
/// <see cref="Draft"/>: a dry run's settings as edited and not saved, planned in place of the saved ones, so an admin
/// sees what a change would do to every account before saving it. <see cref="StartedBy"/> is recorded on the cycle for its history.
/// </summary>
public sealed record CycleOptions(bool DryRun = false, bool AllowHeldDeletions = false, bool IgnoreQuarantineSchedule = false, bool HoldsJobLock = false,
    JobDraft? Draft = null, string? StartedBy = null)
{
    public static CycleOptions Scheduled { get; } = new();
}
