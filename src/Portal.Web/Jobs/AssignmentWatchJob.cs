using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;

namespace Portal.Web.Jobs;

/// <summary>The <c>Portal:AssignmentWatch</c> settings.</summary>
public sealed record AssignmentWatchSettings
{
    public const string Section = "Portal:AssignmentWatch";

    /// <summary>When every job's assignments are compared with its last cycle's (cron, UTC); empty turns the watch off.</summary>
    public string Cron { get; init; } = "*/5 * * * *";

    /// <summary>How often the watch runs, in words for the admin; null when it is off.</summary>
    public string? Cadence => Cron.Trim() switch
    {
        "" => null,
        "* * * * *" => "every minute",
        var c when c.StartsWith("*/", StringComparison.Ordinal) && c.EndsWith(" * * * *", StringComparison.Ordinal)
            && int.TryParse(c.AsSpan(2, c.Length - 10), out var minutes) => $"every {minutes} minutes",
        var c => $"on the schedule {c} (cron, UTC)",
    };

    public static AssignmentWatchSettings FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<AssignmentWatchSettings>() ?? new AssignmentWatchSettings();
}

/// <summary>
/// Recurring: Graph sends change notifications for users and groups but none for an app-role assignment, so a user
/// assigned to (or removed from) an application would wait for the job's schedule — Entra's 40 minutes, the complaint
/// peers' users make most. Every few minutes each job that is On has its enterprise application's assignments and app
/// roles read (one or two Graph requests, not the directory) and compared with those its last committed cycle read;
/// a difference queues an incremental cycle, named "assignment change" in the cycle history.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class AssignmentWatchJob(TenantDbContexts contexts, ProvisioningScheduler scheduler, ILogger<AssignmentWatchJob> logger, ProvisioningEngine? engine = null)
{
    public const string RecurringId = "watch:assignments";

    /// <summary>Registers the recurring watch, or removes it when its cron is empty; called when a node starts.</summary>
    public static void Register(IRecurringJobManager recurring, AssignmentWatchSettings settings)
    {
        if (settings.Cron is { Length: > 0 })
        {
            recurring.AddOrUpdate<AssignmentWatchJob>(RecurringId, j => j.RunAsync(CancellationToken.None), settings.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        else
        {
            recurring.RemoveIfExists(RecurringId);
        }
    }

    /// <summary>Returns how many cycles were queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            return 0;
        }

        List<(Guid TenantId, Guid JobId)> jobs;
        await using (var db = contexts.ForSystem())
        {
            // A quarantined job waits for its own attempt.
            jobs = (await IdleJobs.On(db)
                    .Where(j => j.Mode == ProvisioningMode.Automatic && j.Quarantine.Reason == QuarantineReason.None)
                    .Select(j => new { j.TenantId, j.Id })
                    .ToListAsync(cancellationToken))
                .Select(j => (j.TenantId, j.Id)).ToList();
        }

        var queued = 0;
        foreach (var (tenantId, jobId) in jobs)
        {
            try
            {
                if (await engine.CheckEntitlementsAsync(tenantId, jobId, cancellationToken) is { Changed: true } check
                    && scheduler.TriggerForAssignments(tenantId, jobId, check.Digest))
                {
                    queued++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One directory that cannot be read must not keep the others' changes waiting; its cycles report it.
                logger.LogInformation("The assignment watch skipped job {JobId}: {Reason}", jobId, e.Message);
            }
        }

        return queued;
    }
}
