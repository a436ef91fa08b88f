using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Jobs;

/// <summary>What the recurring checks look at, across tenants.</summary>
internal static class IdleJobs
{
    /// <summary>
    /// Jobs that are On, have completed a cycle and are not running one now: a running cycle reads the directory and
    /// the target itself, and what it exported but has not yet recorded would look like a change to a check.
    /// </summary>
    public static IQueryable<ProvisioningJob> On(PortalDbContext db)
    {
        var running = db.AcrossAllTenants<Cycle>().Where(c => c.State == CycleState.Running).Select(c => c.JobId);
        return db.AcrossAllTenants<ProvisioningJob>().AsNoTracking()
            .Where(j => j.Status == ProvisioningStatus.On && j.Watermark.CommittedAt != null && !running.Contains(j.Id));
    }
}
