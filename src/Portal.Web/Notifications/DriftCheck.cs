using Humanizer;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Targets;
using Portal.Web.Jobs;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring check: the target of every job that is On and has completed a cycle is compared with its links (the
/// Reconciliation tab's comparison), and accounts edited in or deleted from the target behind the portal's back raise
/// <see cref="NotificationKinds.TargetDrifted"/> — which Entra never notices until the directory happens to change the
/// same object. A target that cannot be read is left to the connection re-check, which reports it.
/// </summary>
public sealed class DriftCheck(TenantDbContexts contexts, NotificationCenter center, ILogger<DriftCheck> logger, ProvisioningEngine? engine = null)
{
    public const string RecurringId = "notifications:target-drift";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            return 0;
        }

        List<(Guid TenantId, Guid JobId, string? Name)> jobs;
        await using (var db = contexts.ForSystem())
        {
            // Not while a cycle runs: an update it exported but has not yet recorded would read as an edit by hand.
            jobs = (await IdleJobs.On(db)
                    .Select(j => new { j.TenantId, j.Id, j.Application!.DisplayName })
                    .ToListAsync(cancellationToken))
                .Select(j => (j.TenantId, j.Id, (string?)j.DisplayName)).ToList();
        }

        var raised = 0;
        foreach (var (tenantId, jobId, name) in jobs)
        {
            try
            {
                var report = await engine.ReconcileAsync(tenantId, jobId, cancellationToken);
                var (edited, missing) = (report.Sections.Sum(s => s.DriftedCount), report.Sections.Sum(s => s.MissingCount));
                if (edited + missing == 0)
                {
                    continue;
                }

                var app = name ?? "the application";
                await center.RaiseAsync(new NotificationEvent(tenantId, jobId, NotificationKinds.TargetDrifted, NotificationSeverity.Warning,
                    $"{app}: {"object".ToQuantity(edited + missing)} changed in the target behind the portal's back",
                    $"The scheduled comparison of {app} with what the portal last exported found {"object".ToQuantity(edited)} edited in the target and "
                    + $"{missing} missing from it. They stay so until the directory changes them: open the application's Reconciliation tab "
                    + "to review them and put them back.",
                    edited + missing, LogsLink: $"logs?jobId={jobId}"), cancellationToken);
                raised++;
            }
            catch (Exception e) when (e is TargetException or NotSupportedException or InvalidOperationException)
            {
                logger.LogInformation("Target drift check skipped job {JobId}: {Reason}", jobId, e.Message);
            }
        }

        return raised;
    }
}
