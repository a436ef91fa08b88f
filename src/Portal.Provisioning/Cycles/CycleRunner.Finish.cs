using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

internal sealed partial class CycleRunner
{
    private async Task<CycleResult> FinishAsync(Cycle cycle, DirectoryRead read, GuardedPlan guarded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failures = _recorder.Escrows.Count(e => !e.IsReferenceFailure);
        var references = _recorder.Escrows.Count(e => e.IsReferenceFailure);
        var inSync = _links.Values.Count(l => l is { TargetId: not null, State: LinkState.Active });
        var reason = _focus is not null ? config.Job.Quarantine.Reason
            : guarded.ThresholdExceeded ? QuarantineReason.TooManyDeletes : _policy.Evaluate(failures, references, inSync);
        var error = reason switch
        {
            QuarantineReason.TooManyDeletes => $"{guarded.Held} disables and deletes exceed the deletion threshold of {config.Job.DeletionThreshold}; they are held until an admin allows them.",
            QuarantineReason.None => null,
            _ => $"{failures + references} objects are failing ({failures} excluding references); fix the cause shown in the provisioning logs.",
        };
        cycle.Escrowed = _recorder.Escrows.Count;
        if (!_sourceComplete)
        {
            cycle.Error = $"The source read was incomplete ({string.Join("; ", read.Problems)}); creates and updates were exported, disables and deletes were not. "
                + "The next cycle reads again from the last committed watermark; if this persists, check Microsoft Graph's service health and the app's throttling.";
        }
        else if (read.Problems.Count > 0)
        {
            // Nothing was lost (e.g. expired delta links answered by a full read), but the admin should know why it took longer.
            cycle.Error = $"Note: {string.Join("; ", read.Problems)}";
        }
        else if (_remapped && !_previewing)
        {
            cycle.Error = "Note: the mappings or the scope changed since the last cycle, so every object was read and evaluated again.";
        }

        if (_unknownAttributes.Count > 0)
        {
            cycle.Error = $"{cycle.Error ?? "Note:"} The mappings name what the directory does not have, which was not read and maps no value; "
                + $"fix them on the Mappings tab: {string.Join(" ", _unknownAttributes)}";
        }

        if (!_dryRun)
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            var cutoff = now - options.EscrowGiveUpAfter;
            await db.EscrowEntries.Where(e => e.JobId == config.Job.Id && e.FirstFailedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == config.Job.Id, cancellationToken);
            // Held deletions, an incomplete read or an unfinished delta are read again next cycle: keep the old watermark.
            if (_sourceComplete && guarded.Held == 0 && _focus is null)
            {
                job.Watermark.UsersDeltaLink = read.UsersDeltaLink;
                job.Watermark.GroupsDeltaLink = read.GroupsDeltaLink;
                job.Watermark.CommittedAt = now;
                job.Watermark.EntitlementDigest = _entitlementDigest;
                job.Watermark.MappingDigest = _mappingDigest;
            }
            else if (_focus is not null)
            {
                // What on demand changed (a new user's group memberships, say) is finished by the next cycle: it must look.
                job.Watermark.EntitlementDigest = null;
            }

            // Provision on demand is not a cycle of the job (as in Entra): its last cycle and quarantine stay as they were.
            if (_focus is null)
            {
                job.LastCycleEndedAt = now;
                Notify(db, job, QuarantineTransition.Apply(job, reason, error, now, options), read);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var state = cycle.Failed > 0 ? CycleState.EntryLevelErrors : CycleState.Succeeded;
        await EndAsync(cycle, state, cycle.Error);
        return Result(cycle, CycleOutcome.Completed, reason);
    }

    private async Task<CycleResult> AbortAsync(Cycle cycle, string error, QuarantineReason reason)
    {
        cycle.Error = error;
        if (!_dryRun && reason != QuarantineReason.None)
        {
            await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == config.Job.Id, CancellationToken.None);
            Notify(db, job, QuarantineTransition.Apply(job, reason, error, time.GetUtcNow(), options), null);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await EndAsync(cycle, CycleState.Failed, error);
        return Result(cycle, CycleOutcome.Aborted, reason);
    }

    private async Task EndAsync(Cycle cycle, CycleState state, string? error)
    {
        cycle.State = state;
        cycle.Error = error;
        cycle.EndedAt = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        db.Cycles.Update(cycle);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private void Notify(Data.PortalDbContext db, ProvisioningJob job, QuarantineTransition transition, DirectoryRead? read)
    {
        var now = time.GetUtcNow();
        if (transition.Entered || transition.ReasonChanged)
        {
            db.Notifications.Add(new Notification
            {
                JobId = job.Id,
                Kind = job.Quarantine.Reason == QuarantineReason.TooManyDeletes ? "DeletionThresholdHeld" : "QuarantineEntered",
                Severity = NotificationSeverity.Error,
                Title = $"Provisioning is quarantined: {job.Quarantine.Reason}",
                Body = job.Quarantine.Error ?? job.Quarantine.Reason.ToString(),
                CreatedAt = now,
            });
        }
        else if (transition.Left)
        {
            db.Notifications.Add(new Notification
            {
                JobId = job.Id, Kind = "QuarantineLeft", Severity = NotificationSeverity.Information,
                Title = "Provisioning left quarantine", Body = "The last cycle ran without the problem that caused the quarantine.", CreatedAt = now,
            });
        }

        if (read is { IsComplete: false })
        {
            db.Notifications.Add(new Notification
            {
                JobId = job.Id, Kind = "SourceReadIncomplete", Severity = NotificationSeverity.Warning,
                Title = "The directory read was incomplete",
                Body = $"No disables or deletes were exported this cycle. {string.Join("; ", read.Problems)}", CreatedAt = now,
            });
        }
    }

    // A dry-run's diff shows what would change and what is deliberately not done to known objects; objects that are
    // neither linked nor in scope, and objects already in sync, are noise.
    private static bool IsReviewable(PlannedChange change) =>
        change.Action != ChangeAction.Skip || (change.TargetId is not null && !change.Reason.StartsWith("RedundantExport", StringComparison.Ordinal));

    private CycleResult Result(Cycle cycle, CycleOutcome outcome, QuarantineReason reason) => new(
        cycle.Id, cycle.Kind, outcome, cycle.State, cycle.Created, cycle.Updated, cycle.Disabled, cycle.Deleted, cycle.Skipped,
        cycle.Failed, cycle.Held, _sourceComplete, reason, cycle.Error,
        [.. _diff.Where(IsReviewable).OrderBy(c => c.Kind).ThenBy(c => c.SourceId, StringComparer.Ordinal)])
    {
        IsIncremental = _isDelta,
    };
}
