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
    /// <summary>How many users and groups one Assign takes (Entra's picker takes several too).</summary>
    public const int MaxAssignAtOnce = 20;

    /// <summary>
    /// Assigns each of <paramref name="principals"/> the role, one Graph request each; those the directory refuses are
    /// named with why, the others are assigned all the same, and one cycle follows for all.
    /// </summary>
    public async Task<AssignOutcome> AssignAsync(Guid applicationId, IReadOnlyList<DirectoryPrincipal> principals, AppRole role,
        CancellationToken cancellationToken = default)
    {
        if (AdminRefusal("assign users and groups") is { } refusal)
        {
            return AssignOutcome.Refused(refusal.Message);
        }

        if (principals.Count is 0 or > MaxAssignAtOnce)
        {
            return AssignOutcome.Refused($"Choose 1 to {MaxAssignAtOnce} users or groups; {principals.Count} were chosen.");
        }

        var (source, servicePrincipalId, problem) = await ConnectAsync(applicationId, cancellationToken);
        if (source is null)
        {
            return AssignOutcome.Refused(problem!);
        }

        var assigned = new List<DirectoryPrincipal>();
        var failed = new List<(DirectoryPrincipal Principal, string Reason, bool MissingPermission)>();
        foreach (var principal in principals)
        {
            try
            {
                var made = await source.AssignAsync(servicePrincipalId!, principal.Pick.Id, role.Id, cancellationToken);
                await RecordAsync(applicationId, AuditActivities.AssignToApplication,
                    AuditChange.Of("Assignment", null, $"{principal.Noun} {principal.Pick.Name} ({principal.Pick.Id}) as {role.DisplayName}"), made.Id, cancellationToken);
                assigned.Add(principal);
            }
            catch (DirectorySourceException e)
            {
                failed.Add((principal, e.Message, e.MissingPermission is not null));
            }
        }

        var said = new List<string>();
        if (assigned.Count > 0)
        {
            said.Add($"{Names(assigned)} {(assigned.Count == 1 ? "is" : "are")} assigned as {role.DisplayName}.");
            said.Add(role.Id == AppRole.DefaultAccessId
                ? "Default Access does not provision: give them a role to provision them."
                : await FollowUpAsync(applicationId, cancellationToken));
        }

        said.AddRange(failed.Select(f => $"{f.Principal.Pick.Name}: {f.Reason}"));
        if (assigned.Count > 0 || failed.Any(f => f.MissingPermission))
        {
            await NoteMayAssignAsync(assigned.Count > 0, cancellationToken);
        }

        return new AssignOutcome([.. assigned.Select(a => a.Pick.Id)], [.. failed.Select(f => f.Principal.Pick.Id)], string.Join(" ", said));
    }

    private static string Names(IReadOnlyList<DirectoryPrincipal> principals) => principals.Count <= 3
        ? string.Join(", ", principals.Select(p => p.Pick.Name))
        : $"{string.Join(", ", principals.Take(2).Select(p => p.Pick.Name))} and {principals.Count - 2} more";

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

    // What an assignment taught: the Users and groups tab says so before the next one is tried.
    private async Task NoteMayAssignAsync(bool mayAssign, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Tenants.FirstOrDefaultAsync(t => t.Id == db.TenantId, cancellationToken) is { } tenant)
        {
            tenant.Directory.MayAssign = mayAssign;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<bool?> MayAssignAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.AsNoTracking().Where(t => t.Id == db.TenantId).Select(t => t.Directory.MayAssign).FirstOrDefaultAsync(cancellationToken);
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

/// <summary>A user or group picked for assignment.</summary>
public sealed record DirectoryPrincipal(ObjectKind Kind, DirectoryPick Pick)
{
    public string Noun => Kind == ObjectKind.User ? "user" : "group";
}

/// <summary>What an Assign did: the ids assigned, those the directory refused, and the words for both.</summary>
public sealed record AssignOutcome(IReadOnlyList<string> Assigned, IReadOnlyList<string> Failed, string Message)
{
    public bool Succeeded => Failed.Count == 0 && Assigned.Count > 0;

    public static AssignOutcome Refused(string message) => new([], [], message);
}
