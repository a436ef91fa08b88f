namespace Portal.Provisioning.Cycles;

/// <summary>
/// What the application's assignments, app roles and the job's scope settings come to now (<see cref="Digest"/>),
/// and whether that differs from what the job's last committed cycle read (<see cref="Changed"/>).
/// </summary>
public sealed record EntitlementCheck(bool Changed, string Digest);

public sealed partial class ProvisioningEngine
{
    /// <summary>
    /// Reads only the enterprise application's app roles and assignments and compares them, with the job's scope
    /// settings, with what its last committed cycle read. Graph sends no change notification for an app-role
    /// assignment, so this is how a new or removed assignment reaches the target before the schedule comes round.
    /// Null when there is nothing to compare with: no cycle committed yet, no enterprise application linked, or the
    /// read was incomplete.
    /// </summary>
    public async Task<EntitlementCheck?> CheckEntitlementsAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        if (config.Job.Watermark is not { CommittedAt: not null, EntitlementDigest: { } committed }
            || config.Application.ServicePrincipalId is not { Length: > 0 } servicePrincipalId)
        {
            return null;
        }

        var read = await WithSourceAsync(config, source => source.ReadAssignmentsAsync(servicePrincipalId, cancellationToken));
        if (!read.IsComplete)
        {
            return null;
        }

        var digest = EntitlementDigest.Of(read.Assignments, read.AppRoles, config);
        return new EntitlementCheck(digest != committed, digest);
    }
}
