using Humanizer;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Reconciliation;
using Portal.Provisioning.Targets;
using Portal.Web.Audit;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// The UI's engine actions on <see cref="ProvisioningEngine"/>, for the signed-in tenant. "Start provisioning" queues the
/// cycle through the scheduler (the Overview tab follows its progress); the others wait for their answer.
/// </summary>
internal sealed class EngineProvisioningActions(
    ProvisioningEngine engine,
    ProvisioningScheduler scheduler,
    ITenantContext tenant,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    CurrentUser currentUser,
    JobActionLimits limits,
    JobSettingsService settings) : IProvisioningActions
{
    private static readonly ActionOutcome NotFound = new(false, "This application does not exist or belongs to another tenant.");

    // As in Entra, nothing runs before the admin has set the job up: a cycle of a job without credentials would only read
    // the whole directory, fail at the target and quarantine the job.
    internal const string NotSetUpMessage =
        "Provisioning is not set up yet: under Provisioning set Provisioning Mode to Automatic, enter the admin credentials, test the connection and save.";

    private static readonly ActionOutcome NotSetUp = new(false, NotSetUpMessage);

    internal const string CycleStartedMessage = "The cycle has started; the Overview tab shows its progress.";

    internal const string AlreadyQueuedMessage =
        "A cycle of this job is already queued or running: a queued one reads your changes; a running one may have read the directory before them, so one more cycle follows it.";

    // "Sync now" goes through the scheduler: a Hangfire job under the cross-node lock, coalesced with a queued one.
    // The job is looked up in the tenant first: a guessed id of another tenant's job must not even touch its lock.
    public async Task<ActionOutcome> StartCycleAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(jobId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return scheduler.TriggerNow(TenantId, jobId)
            ? new ActionOutcome(true, CycleStartedMessage)
            : new ActionOutcome(false, AlreadyQueuedMessage);
    }

    public async Task<ActionOutcome> RestartAsync(Guid jobId, RestartScope reset = RestartScope.Default, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(jobId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await engine.RestartAsync(TenantId, jobId, reset, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Graph's resetScope words: what the admin chose to clear besides the quarantine.
            audit.Record(db, AuditActivities.RestartProvisioning, nameof(ProvisioningJob), jobId.ToString(),
                new AuditChange("ResetScope", null, ResetScopeWords(reset)));
            await db.SaveChangesAsync(cancellationToken);
        }

        return await StartCycleAsync(jobId, cancellationToken);
    }

    public async Task<ActionOutcome> AllowDeletesAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(jobId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // The held changes go out in a cycle under the job's cross-node lock, never beside a cycle that is running.
        if (!scheduler.TriggerNow(TenantId, jobId, CycleTrigger.AllowDeletes))
        {
            return new ActionOutcome(false, "A cycle of this job is queued or running; allow the held deletions again when it has ended.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            audit.Record(db, AuditActivities.AllowHeldDeletions, nameof(ProvisioningJob), jobId.ToString());
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ActionOutcome(true, "Allowed: a cycle is exporting the held disables and deletes; the Overview tab shows its progress.");
    }

    public Task<OnDemandOutcome> ProvisionOnDemandAsync(Guid jobId, ObjectKind kind, string sourceId, IReadOnlyList<string>? memberIds = null,
        CancellationToken cancellationToken = default, bool preview = false) =>
        OnDemandAsync(jobId, kind, sourceId, memberIds, preview, ownLine: false, cancellationToken);

    private async Task<OnDemandOutcome> OnDemandAsync(Guid jobId, ObjectKind kind, string sourceId, IReadOnlyList<string>? memberIds, bool preview, bool ownLine,
        CancellationToken cancellationToken)
    {
        if (await RefusalAsync(jobId, LimitedAction.ProvisionOnDemand, cancellationToken) is { } refusal)
        {
            return new OnDemandOutcome(false, refusal, null, [], []);
        }

        if (memberIds is { Count: > ProvisioningEngine.OnDemandMaxMembers })
        {
            return new OnDemandOutcome(false, $"Choose at most {ProvisioningEngine.OnDemandMaxMembers} members; {memberIds.Count} were chosen.", null, [], []);
        }

        var members = kind == ObjectKind.Group && memberIds is { Count: > 0 } ? memberIds : null;
        var result = await engine.ProvisionOnDemandAsync(TenantId, jobId, kind, sourceId, members, cancellationToken, preview);
        return OnDemandOutcomes.From(result, kind, sourceId, preview, ownLine);
    }

    public async Task<OnDemandOutcome> ProvisionUsersOnDemandAsync(Guid jobId, IReadOnlyList<string> userIds, CancellationToken cancellationToken = default,
        bool preview = false)
    {
        if (userIds.Count is 0 or > ProvisioningEngine.OnDemandMaxUsers)
        {
            return new OnDemandOutcome(false, $"Choose 1 to {ProvisioningEngine.OnDemandMaxUsers} users; {userIds.Count} were chosen.", null, [], []);
        }

        if (userIds.Count == 1)
        {
            // One user gets its steps and, as several users do, its line.
            return await OnDemandAsync(jobId, ObjectKind.User, userIds[0], null, preview, ownLine: true, cancellationToken);
        }

        if (await RefusalAsync(jobId, LimitedAction.ProvisionOnDemand, cancellationToken) is { } refusal)
        {
            return new OnDemandOutcome(false, refusal, null, [], []);
        }

        var result = await engine.ProvisionObjectsAsync(TenantId, jobId, [.. userIds.Distinct().Select(id => (ObjectKind.User, id))], cancellationToken, preview);
        var (succeeded, failed) = result.CountObjects();
        var leftAlone = result.Objects.Count - succeeded - failed;
        return new OnDemandOutcome(failed == 0 && result.Result != "Failure", preview
            ? $"{"user".ToQuantity(result.Objects.Count)}: {succeeded} would be provisioned, {failed} would fail, {leftAlone} would be left alone."
            : $"{"user".ToQuantity(result.Objects.Count)}: {succeeded} provisioned, {failed} failed, {leftAlone} left alone.", null, [], [])
        {
            Members = [.. result.Objects.Select(o => OnDemandOutcomes.View(o, preview))],
        };
    }

    public Task<DryRunOutcome> DryRunAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        PlanAsync(jobId, null, cancellationToken);

    public Task<DryRunOutcome> PreviewAsync(Guid jobId, JobDraft draft, CancellationToken cancellationToken = default) =>
        PlanAsync(jobId, draft, cancellationToken);

    private async Task<DryRunOutcome> PlanAsync(Guid jobId, JobDraft? draft, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(jobId, cancellationToken) is { } refusal)
        {
            return new DryRunOutcome(false, refusal.Message, []);
        }

        if (draft?.Mapping is { } mapping && mapping.JobId != jobId)
        {
            return new DryRunOutcome(false, "These mappings are not this application's; open its Mappings tab again.", []);
        }

        var result = await engine.DryRunAsync(TenantId, jobId, cancellationToken, draft);
        var changes = result.Changes.Where(c => c.Action != ChangeAction.Skip)
            .Select(c => new PlannedChangeView(c.Kind, c.SourceId, c.DisplayName, c.Action.ToString(),
                c.Modified.Select(p => new ModifiedPropertyView(p.DisplayName, p.OldValue, p.NewValue)).ToList()))
            .ToList();
        // A completed cycle's Error is its note (mappings changed, a read that needed a full resync): why the plan is large.
        var planned = draft is null
            ? $"Dry run planned {"change".ToQuantity(changes.Count)}; nothing was written to the target."
            : $"With {Subject(draft)} saved, the next cycle would make {"change".ToQuantity(changes.Count)}, the directory's since the last cycle included; "
                + "nothing was saved or written to the target.";
        var message = result.Outcome == CycleOutcome.Completed
            ? $"{planned}{(result.Error is { } note ? " " + note : "")}"
            : $"Dry run {result.Outcome}: {result.Error}";
        return new DryRunOutcome(result.Outcome == CycleOutcome.Completed, message, changes);
    }

    // The draft in the admin's words, for the preview's "With … saved".
    private static string Subject(JobDraft draft) =>
        draft.Mapping is not null ? "these mappings" : draft.Scope is not null ? "this scope" : "these role requirements";

    public async Task<ReconciliationOutcome> ReconcileAsync(Guid jobId, bool everything = false, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(jobId, LimitedAction.Reconcile, cancellationToken) is { } refusal)
        {
            return new ReconciliationOutcome(false, refusal, null);
        }

        try
        {
            var report = await engine.ReconcileAsync(TenantId, jobId, everything ? int.MaxValue : ReconciliationSection.MaxListed, cancellationToken);
            return new ReconciliationOutcome(true, ReconciliationWords.Summary(report), report);
        }
        catch (TargetException e)
        {
            return new ReconciliationOutcome(false, Unreadable(e), null);
        }
        catch (NotSupportedException e)
        {
            return new ReconciliationOutcome(false, e.Message, null);
        }
    }

    public async Task<RepairOutcome> RepairAsync(Guid jobId, IReadOnlyList<RepairRequest> objects, CancellationToken cancellationToken = default)
    {
        // Checked here, not only by hiding the button: it writes to the target.
        if (currentUser.User is not { IsAdmin: true })
        {
            return new RepairOutcome(false, "Only tenant admins can put objects in the target back.", []);
        }

        if (objects.Count is 0 or > ProvisioningEngine.MaxRepairObjects)
        {
            return new RepairOutcome(false, $"Choose 1 to {ProvisioningEngine.MaxRepairObjects} objects; {objects.Count} were chosen.", []);
        }

        if (await RefusalAsync(jobId, LimitedAction.ProvisionOnDemand, cancellationToken) is { } refusal)
        {
            return new RepairOutcome(false, refusal, []);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            audit.Record(db, AuditActivities.RepairTargetObjects, nameof(ProvisioningJob), jobId.ToString(),
                new AuditChange("Objects", null, string.Join(", ", objects.Select(o => $"{o.Kind} {o.SourceId}"))));
            await db.SaveChangesAsync(cancellationToken);
        }

        var result = await engine.RepairAsync(TenantId, jobId, objects, cancellationToken);
        // A group can have two results, itself and its members; when its members were put back, "left alone" for the group
        // itself says nothing the admin needs.
        var perObject = result.Objects.GroupBy(o => (o.Kind, o.SourceId))
            .Select(g => g.Any(o => o.Action != ProvisioningAction.Other) ? g.Where(o => o.Action != ProvisioningAction.Other).ToList() : g.ToList())
            .ToList();
        var (putBack, failed) = result.CountObjects();
        return new RepairOutcome(failed == 0, failed == 0
            ? $"{"object".ToQuantity(putBack)} put back; the provisioning logs have each change."
            : $"{failed} of {"object".ToQuantity(perObject.Count)} failed; the provisioning logs say why.", [.. perObject.SelectMany(g => g).Select(o => OnDemandOutcomes.View(o))]);
    }

    public async Task<RepairOutcome> LinkAsync(Guid jobId, ObjectKind kind, string sourceId, string targetId, CancellationToken cancellationToken = default)
    {
        // Checked here, not only by hiding the button: it writes to the target.
        if (currentUser.User is not { IsAdmin: true })
        {
            return new RepairOutcome(false, "Only tenant admins can link an account to the directory.", []);
        }

        if (await RefusalAsync(jobId, LimitedAction.ProvisionOnDemand, cancellationToken) is { } refusal)
        {
            return new RepairOutcome(false, refusal, []);
        }

        OnDemandResult result;
        try
        {
            result = await engine.LinkAsync(TenantId, jobId, kind, sourceId, targetId, cancellationToken);
        }
        catch (LinkRefusedException e)
        {
            return new RepairOutcome(false, e.Message, []);
        }
        catch (TargetException e)
        {
            return new RepairOutcome(false, Unreadable(e), []);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            audit.Record(db, AuditActivities.LinkTargetObject, nameof(ProvisioningJob), jobId.ToString(),
                new AuditChange(kind.ToString(), null, sourceId), new AuditChange("TargetId", null, targetId));
            await db.SaveChangesAsync(cancellationToken);
        }

        var failed = result.CountObjects().Failed > 0;
        var name = result.Objects.FirstOrDefault()?.DisplayName ?? sourceId;
        return new RepairOutcome(!failed, failed
            ? $"{name} is linked to the account, but provisioning it failed; the provisioning logs say why, and the next cycle retries."
            : $"{name} is linked to the account and has the directory's values; cycles manage it from now on.",
            [.. result.Objects.Select(o => OnDemandOutcomes.View(o))]);
    }

    public async Task<TargetAccountsOutcome> TargetAccountsAsync(Guid jobId, ObjectKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(jobId, cancellationToken) is { } refusal)
        {
            return new TargetAccountsOutcome(false, refusal.Message, []);
        }

        try
        {
            return new TargetAccountsOutcome(true, null, await engine.TargetObjectsAsync(TenantId, jobId, kind, ids, cancellationToken));
        }
        catch (TargetException e)
        {
            return new TargetAccountsOutcome(false, Unreadable(e), []);
        }
    }

    public async Task<RetryOutcome> RetryAsync(Guid jobId, IReadOnlyList<(ObjectKind Kind, string SourceId)> objects, CancellationToken cancellationToken = default)
    {
        if (objects.Count is 0 or > ProvisioningEngine.MaxRepairObjects)
        {
            return new RetryOutcome(false, $"Choose 1 to {ProvisioningEngine.MaxRepairObjects} objects; {objects.Count} were chosen.", 0, objects.Count);
        }

        if (await RefusalAsync(jobId, LimitedAction.ProvisionOnDemand, cancellationToken) is { } refusal)
        {
            return new RetryOutcome(false, refusal, 0, objects.Count);
        }

        var (succeeded, failed) = (await engine.ProvisionObjectsAsync(TenantId, jobId, objects, cancellationToken)).CountObjects();
        var leftAlone = objects.Count - succeeded - failed;
        return new RetryOutcome(failed == 0,
            $"{"object".ToQuantity(objects.Count)} retried: {succeeded} provisioned, {failed} still failing"
            + (leftAlone > 0 ? $", {leftAlone} left alone (out of scope or already in step)" : "") + "; the provisioning logs have each.",
            succeeded, failed);
    }

    public async Task<UndoPlan?> UndoPlanAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        await RefusalAsync(jobId, cancellationToken) is null ? await engine.UndoPlanAsync(TenantId, jobId, cancellationToken) : null;

    internal const string UndoStartedMessage =
        "Provisioning is Off and the undo has started; the Overview tab shows its progress. Start provisioning again when the cause is fixed: "
        + "its next cycle reads the whole directory and makes again only what the directory and the mappings still call for.";

    public async Task<ActionOutcome> UndoCycleAsync(Guid jobId, Guid cycleId, CancellationToken cancellationToken = default)
    {
        // Checked here, not only by hiding the button: it writes to the target.
        if (currentUser.User is not { IsAdmin: true })
        {
            return new ActionOutcome(false, "Only tenant admins can undo a cycle.");
        }

        if (await RefusalAsync(jobId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (await engine.UndoPlanAsync(TenantId, jobId, cancellationToken) is not { } plan || plan.CycleId != cycleId)
        {
            return new ActionOutcome(false, ProvisioningEngine.NotUndoable);
        }

        if (await settings.SwitchAsync(jobId, ProvisioningStatus.Off, cancellationToken) is { Saved: false } notOff)
        {
            return new ActionOutcome(false, notOff.Message ?? "Provisioning could not be switched off, so nothing was undone.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            audit.Record(db, AuditActivities.UndoCycle, nameof(ProvisioningJob), jobId.ToString(),
                new AuditChange("Cycle", null, cycleId.ToString()),
                new AuditChange("Changes", null, $"{plan.Creates} created, {plan.Updates} updated, {plan.Disables} disabled, {plan.Deletes} deleted"));
            await db.SaveChangesAsync(cancellationToken);
        }

        scheduler.Undo(TenantId, jobId, cycleId);
        return new ActionOutcome(true, UndoStartedMessage);
    }

    private static string Unreadable(TargetException e) => $"The target could not be read: {e.ErrorCode} — {e.Message} {e.RecommendedAction}".Trim();

    private static string ResetScopeWords(RestartScope reset) => string.Join(", ",
        new[] { RestartScope.Watermark, RestartScope.Escrows, RestartScope.ConnectorDataStore }.Where(s => reset.HasFlag(s))
            .Select(s => s.ToString()).Prepend("QuarantineState"));

    // Why the job cannot run, or null when it can. The tenant filter answers another tenant's id as not found.
    private async Task<ActionOutcome?> RefusalAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mode = await db.ProvisioningJobs.Where(j => j.Id == jobId).Select(j => (ProvisioningMode?)j.Mode).SingleOrDefaultAsync(cancellationToken);
        return mode switch
        {
            null => NotFound,
            ProvisioningMode.Automatic => null,
            _ => NotSetUp,
        };
    }

    // Why an action that reaches the target or directory cannot run now: the job cannot run, or the action's rate limit
    // for the job is spent (checked second, so a refused job spends no permit).
    private async Task<string?> RefusalAsync(Guid jobId, LimitedAction limited, CancellationToken cancellationToken) =>
        (await RefusalAsync(jobId, cancellationToken))?.Message ?? limits.Refusal(limited, jobId);

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("No tenant is selected.");
}
