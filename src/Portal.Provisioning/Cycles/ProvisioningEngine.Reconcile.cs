using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;

namespace Portal.Provisioning.Cycles;

public sealed partial class ProvisioningEngine
{
    /// <summary>
    /// Reads every user (and, when groups are provisioned, every group) of the target and compares them with the links:
    /// linked objects the target no longer holds, target objects no link names, and values edited in the target since
    /// they were exported. Reads only; a target that cannot list its objects is refused with a reason.
    /// </summary>
    public async Task<ReconciliationReport> ReconcileAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithTargetAsync(config, async target =>
        {
            var sections = new List<ReconciliationSection>();
            foreach (var kind in config.Groups is null ? [ObjectKind.User] : new[] { ObjectKind.User, ObjectKind.Group })
            {
                var listing = target.ListAsync(kind, cancellationToken)
                    ?? throw new NotSupportedException("This application's connector cannot list the target's objects, so they cannot be compared.");
                List<LinkedObject> links;
                await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
                {
                    links = await db.LinkedObjects.AsNoTracking().Where(l => l.JobId == jobId && l.Kind == kind).ToListAsync(cancellationToken);
                }

                var reconciler = new TargetReconciler(kind, links);
                await foreach (var found in listing.WithCancellation(cancellationToken))
                {
                    reconciler.Add(found);
                }

                sections.Add(reconciler.Section());
            }

            return new ReconciliationReport(time.GetUtcNow(), sections);
        });
    }
}
