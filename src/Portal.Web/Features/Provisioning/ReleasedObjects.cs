using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// "Stop managing" and "Manage again" of one user or group in one job: the choice removing an assignment does not give.
/// Removing the assignment deprovisions (disables or deletes the account); stopping managing leaves the account in the
/// target as it is and the job never touches it again — it forgets the link, so the account is the target's own, and no
/// cycle creates, updates, disables or deletes it, in scope or not. Managing it again matches it anew at the next cycle,
/// which re-reads everyone as after a scope change. Tenant admins only, signed in; each change is audited.
/// </summary>
public sealed class ReleasedObjects(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, CurrentUser currentUser, TimeProvider time)
{
    public async Task<IReadOnlyList<ReleasedObject>> ListAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var released = await db.ProvisioningJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Released).FirstOrDefaultAsync(cancellationToken);
        return [.. (released ?? []).OrderBy(r => r.DisplayName ?? r.SourceId, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Stops the job managing the object; false when it was not managed already.</summary>
    /// <exception cref="InvalidOperationException">Not a signed-in tenant admin, or no such job in the tenant.</exception>
    public async Task<bool> StopManagingAsync(Guid jobId, ObjectKind kind, string sourceId, string? displayName, CancellationToken cancellationToken = default)
    {
        Refuse("stop managing a user or group");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await JobAsync(db, jobId, cancellationToken);
        if (job.Released.Any(r => r.Kind == kind && string.Equals(r.SourceId, sourceId, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var link = await db.LinkedObjects.FirstOrDefaultAsync(l => l.JobId == jobId && l.Kind == kind && l.SourceId == sourceId, cancellationToken);
        audit.Record(db, AuditActivities.StopManaging, nameof(ProvisioningJob), jobId.ToString(),
            new AuditChange(kind.ToString(), null, $"{displayName ?? sourceId} ({sourceId})"),
            link?.TargetId is { } targetId ? new AuditChange("Target object left as it is", null, targetId) : null);
        job.Released.Add(new ReleasedObject
        {
            Kind = kind, SourceId = sourceId, DisplayName = displayName ?? link?.DisplayName, ReleasedAt = time.GetUtcNow(), ReleasedBy = currentUser.User!.DisplayName,
        });
        if (link is not null)
        {
            db.LinkedObjects.Remove(link);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The job manages the object again from its next cycle; false when it was managed already.</summary>
    /// <exception cref="InvalidOperationException">Not a signed-in tenant admin, or no such job in the tenant.</exception>
    public async Task<bool> ManageAgainAsync(Guid jobId, ObjectKind kind, string sourceId, CancellationToken cancellationToken = default)
    {
        Refuse("manage a user or group again");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await JobAsync(db, jobId, cancellationToken);
        var released = job.Released.FirstOrDefault(r => r.Kind == kind && string.Equals(r.SourceId, sourceId, StringComparison.OrdinalIgnoreCase));
        if (released is null)
        {
            return false;
        }

        audit.Record(db, AuditActivities.ManageAgain, nameof(ProvisioningJob), jobId.ToString(),
            new AuditChange(kind.ToString(), $"{released.DisplayName ?? sourceId} ({sourceId})", null));
        job.Released.Remove(released);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static async Task<ProvisioningJob> JobAsync(PortalDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.ProvisioningJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw new InvalidOperationException("The application does not exist or belongs to another tenant.");
        job.Released ??= [];
        return job;
    }

    private void Refuse(string what)
    {
        if (!currentUser.IsSignedInAdmin)
        {
            throw new InvalidOperationException($"Only tenant admins, signed in, can {what}.");
        }
    }
}
