using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Source;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Jobs;

namespace Portal.Web.Features.Applications;

/// <summary>
/// Assigning users and groups to the application from the portal, as Entra's Users and groups blade does: the first
/// step of the admin's path ("start by assigning a single user") without leaving for the Entra admin center. The
/// directory keeps the assignment; the portal only asks Graph to make it, audits who asked, and runs a cycle at once
/// when provisioning is On, so the account follows within seconds.
/// </summary>
public sealed partial class DirectoryAccess
{
    public async Task<ActionOutcome> AssignAsync(Guid applicationId, ObjectKind kind, DirectoryPick principal, AppRole role,
        CancellationToken cancellationToken = default)
    {
        if (AdminRefusal("assign users and groups") is { } refusal)
        {
            return refusal;
        }

        var (source, servicePrincipalId, problem) = await ConnectAsync(applicationId, cancellationToken);
        if (source is null)
        {
            return new ActionOutcome(false, problem!);
        }

        var noun = kind == ObjectKind.User ? "user" : "group";
        try
        {
            var made = await source.AssignAsync(servicePrincipalId!, principal.Id, role.Id, cancellationToken);
            await RecordAsync(applicationId, AuditActivities.AssignToApplication,
                AuditChange.Of("Assignment", null, $"{noun} {principal.Name} ({principal.Id}) as {role.DisplayName}"), made.Id, cancellationToken);
        }
        catch (DirectorySourceException e)
        {
            return new ActionOutcome(false, e.Message);
        }

        var done = $"{principal.Name} is assigned as {role.DisplayName}.";
        if (role.Id == AppRole.DefaultAccessId)
        {
            return new ActionOutcome(true, $"{done} Default Access does not provision: give the {noun} a role to provision it.");
        }

        return new ActionOutcome(true, $"{done} {await FollowUpAsync(applicationId, cancellationToken)}");
    }

    public async Task<ActionOutcome> UnassignAsync(Guid applicationId, AssignmentView assignment, CancellationToken cancellationToken = default)
    {
        if (AdminRefusal("remove assignments") is { } refusal)
        {
            return refusal;
        }

        if (assignment.AssignmentId is not { } assignmentId)
        {
            return new ActionOutcome(false, "The directory did not name this assignment; remove it in Entra ID > Enterprise applications > the app > Users and groups.");
        }

        var (source, servicePrincipalId, problem) = await ConnectAsync(applicationId, cancellationToken);
        if (source is null)
        {
            return new ActionOutcome(false, problem!);
        }

        var name = assignment.DisplayName ?? assignment.PrincipalId;
        try
        {
            await source.UnassignAsync(servicePrincipalId!, assignmentId, cancellationToken);
            await RecordAsync(applicationId, AuditActivities.UnassignFromApplication,
                AuditChange.Of("Assignment", $"{assignment.Type.ToString().ToLowerInvariant()} {name} ({assignment.PrincipalId}) as {assignment.RoleName}", null),
                assignmentId, cancellationToken);
        }
        catch (DirectorySourceException e)
        {
            return new ActionOutcome(false, e.Message);
        }

        return new ActionOutcome(true, $"{name} is no longer assigned as {assignment.RoleName}. {await FollowUpAsync(applicationId, cancellationToken)}");
    }

    // Checked here, not only by hiding the controls: the call changes the tenant's directory.
    private ActionOutcome? AdminRefusal(string what) =>
        currentUser.User is { IsAdmin: true } ? null : new ActionOutcome(false, $"Only tenant admins can {what}.");

    private async Task RecordAsync(Guid applicationId, string activity, AuditChange? change, string? assignmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        audit.Record(db, activity, nameof(Application), applicationId.ToString(), change, AuditChange.Of("AssignmentId", null, assignmentId));
        await db.SaveChangesAsync(cancellationToken);
    }

    // Graph notifies no assignment change; a job that is On gets its cycle now rather than at the watch's next look.
    private async Task<string> FollowUpAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.AsNoTracking().FirstOrDefaultAsync(j => j.ApplicationId == applicationId, cancellationToken);
        if (job is not { Status: ProvisioningStatus.On, Mode: ProvisioningMode.Automatic } || db.TenantId is not { } tenantId
            || services.GetService<ProvisioningScheduler>() is not { } scheduler)
        {
            return "The next cycle after provisioning is switched On takes it into account.";
        }

        scheduler.TriggerNow(tenantId, job.Id, CycleTrigger.AssignmentChange);
        return "A cycle has started to bring the application in step; the Overview tab shows it.";
    }
}
