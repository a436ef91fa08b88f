using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Web.Audit;
using Portal.Web.Jobs;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// Outcome of a save: either saved, or the field errors (the input is left as typed). <c>CycleStarted</c> when switching
/// the job On queued its cycle (false when one was already queued or running).
/// </summary>
public sealed record SaveOutcome(bool Saved, IReadOnlyDictionary<string, string> Errors, string? Message = null, bool CycleStarted = false)
{
    public static SaveOutcome Success { get; } = new(true, new Dictionary<string, string>());

    public static SaveOutcome Failed(string message) => new(false, new Dictionary<string, string>(), message);
}

/// <summary>Loads and saves a job's Provisioning tab: mode, credentials (write-only secret), notification, scope, schedule, status.</summary>
/// <remarks>Saving also updates the job's schedule; switching it On starts the initial cycle at once, as in Entra.</remarks>
public sealed class JobSettingsService(
    IDbContextFactory<PortalDbContext> dbFactory,
    SecretProtector secrets,
    AuditLog audit,
    ProvisioningScheduler? scheduler = null)
{
    public async Task<JobSettingsInput?> LoadAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var input = JobSettingsInput.From(job);
        var mappings = await db.ObjectMappings.AsNoTracking().Where(m => m.JobId == jobId).ToListAsync(cancellationToken);
        input.Deprovisioning = DeprovisioningFacts.Of(job.Target, mappings);
        return input;
    }

    public async Task<SaveOutcome> SaveAsync(Guid jobId, JobSettingsInput input, CancellationToken cancellationToken = default)
    {
        var errors = JobSettingsValidator.Validate(input);
        if (errors.Count > 0)
        {
            return new SaveOutcome(false, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return SaveOutcome.Failed("The application no longer exists.");
        }

        if (job.ConcurrencyStamp != input.ConcurrencyStamp)
        {
            return SaveOutcome.Failed("Someone else saved these settings meanwhile. Reload the page to see their changes, then apply yours again.");
        }

        var changes = Apply(job, input);
        if (changes.Count == 0)
        {
            return SaveOutcome.Success;
        }

        var statusChange = changes.FirstOrDefault(c => c.Name == nameof(ProvisioningJob.Status));
        var activity = statusChange is null ? AuditActivities.UpdateProvisioningSettingOrCredentials
            : job.Status == ProvisioningStatus.On ? AuditActivities.EnableProvisioning : AuditActivities.DisableProvisioning;
        audit.Record(db, activity, nameof(ProvisioningJob), jobId.ToString(), [.. changes]);
        job.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        input.ConcurrencyStamp = job.ConcurrencyStamp;
        input.SecretIsSet = job.Target.Secret is not null;
        input.NewSecret = null;

        return SaveOutcome.Success with { CycleStarted = await ScheduleAsync(job, statusChanged: statusChange is not null, cancellationToken) };
    }

    /// <summary>
    /// The Overview tab's Start and Stop provisioning: the status alone, saved, audited and scheduled as Save on the
    /// Provisioning tab would (switching On starts a cycle at once). The job must be set up to start.
    /// </summary>
    public async Task<SaveOutcome> SwitchAsync(Guid jobId, ProvisioningStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return SaveOutcome.Failed("The application no longer exists.");
        }

        if (status == ProvisioningStatus.On && job.Mode != ProvisioningMode.Automatic)
        {
            return SaveOutcome.Failed(EngineProvisioningActions.NotSetUpMessage);
        }

        if (job.Status == status)
        {
            return SaveOutcome.Success;
        }

        var change = new AuditChange(nameof(job.Status), job.Status.ToString(), status.ToString());
        job.Status = status;
        job.ConcurrencyStamp = Guid.NewGuid();
        audit.Record(db, status == ProvisioningStatus.On ? AuditActivities.EnableProvisioning : AuditActivities.DisableProvisioning,
            nameof(ProvisioningJob), jobId.ToString(), [change]);
        await db.SaveChangesAsync(cancellationToken);
        return SaveOutcome.Success with { CycleStarted = await ScheduleAsync(job, statusChanged: true, cancellationToken) };
    }

    // Keeps Hangfire in step with the saved job; a job switched On starts its cycle now. True when that cycle was queued.
    private async Task<bool> ScheduleAsync(ProvisioningJob job, bool statusChanged, CancellationToken cancellationToken)
    {
        if (scheduler is null)
        {
            return false;
        }

        await scheduler.ApplyAsync(job.TenantId, job.Id, cancellationToken);
        if (!statusChanged || job is not { Status: ProvisioningStatus.On, Mode: ProvisioningMode.Automatic })
        {
            return false;
        }

        // The directory's changes reach a job switched On within seconds from now, not only at the next renewal.
        scheduler.SubscribeToChanges(job.TenantId);
        return scheduler.TriggerNow(job.TenantId, job.Id);
    }

    private List<AuditChange> Apply(ProvisioningJob job, JobSettingsInput input)
    {
        var changes = new List<AuditChange>();
        void Set<T>(string name, T current, T next, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, next))
            {
                changes.Add(new AuditChange(name, Format(current), Format(next)));
                assign(next);
            }
        }

        Set(nameof(job.Mode), job.Mode, input.Mode, v => job.Mode = v);
        Set("TenantUrl", job.Target.BaseUrl, Blank(input.TenantUrl), v => job.Target.BaseUrl = v);
        Set("AdminUserName", job.Target.UserName, Blank(input.AdminUserName), v => job.Target.UserName = v);
        Set("AuthenticationMethod", job.Target.AuthKind, input.AuthKind, v => job.Target.AuthKind = v);
        if (input.AuthKind == TargetAuthKind.OAuthClientCredentials)
        {
            Set("TokenEndpoint", job.Target.TokenEndpoint, Blank(input.TokenEndpoint), v => job.Target.TokenEndpoint = v);
            Set("Scopes", job.Target.Scopes, Blank(input.Scopes), v => job.Target.Scopes = v);
            Set("ClientSecretPlacement", job.Target.ClientSecretPlacement, input.ClientSecretPlacement, v => job.Target.ClientSecretPlacement = v);
        }

        if (!string.IsNullOrEmpty(input.NewSecret))
        {
            job.Target.Secret = secrets.Protect(input.NewSecret);
            changes.Add(AuditChange.Secret("Secret", changed: true)!);
        }

        Set(nameof(job.NotificationEmail), job.NotificationEmail, Blank(input.NotificationEmail), v => job.NotificationEmail = v);
        // The settings page asks the admin to check a bounced address and save it again: saving is that confirmation.
        job.NotificationEmailProblem = null;
        input.NotificationEmailProblem = null;
        Set(nameof(job.SendNotificationOnFailure), job.SendNotificationOnFailure, input.SendNotificationOnFailure, v => job.SendNotificationOnFailure = v);
        Set(nameof(job.SendWeeklySummary), job.SendWeeklySummary, input.SendWeeklySummary, v => job.SendWeeklySummary = v);
        Set(nameof(job.Scope), job.Scope, input.Scope, v => job.Scope = v);
        Set(nameof(job.PreventAccidentalDeletions), job.PreventAccidentalDeletions, input.PreventAccidentalDeletions, v => job.PreventAccidentalDeletions = v);
        Set(nameof(job.DeletionThreshold), job.DeletionThreshold, input.DeletionThreshold, v => job.DeletionThreshold = v);
        Set(nameof(job.SkipOutOfScopeDeletions), job.SkipOutOfScopeDeletions, input.SkipOutOfScopeDeletions, v => job.SkipOutOfScopeDeletions = v);
        Set(nameof(job.Interval), job.Interval, TimeSpan.FromMinutes(input.IntervalMinutes), v => job.Interval = v);
        Set(nameof(job.Status), job.Status, input.Status, v => job.Status = v);
        if (job.Mode == ProvisioningMode.Automatic && job.StatusCode == JobStatusCode.NotConfigured)
        {
            job.StatusCode = JobStatusCode.NotRun;
        }

        return changes;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Format<T>(T value) => value switch
    {
        null => null,
        TimeSpan t => t.TotalMinutes.ToString(CultureInfo.InvariantCulture) + " min",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
