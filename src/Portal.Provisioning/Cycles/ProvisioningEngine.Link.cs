using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Cycles;

/// <summary>Why an account cannot be linked to a directory object; nothing was written.</summary>
public sealed class LinkRefusedException(string message) : Exception(message);

public sealed partial class ProvisioningEngine
{
    /// <summary>
    /// Links a user or group of the directory to an account of the target an admin chose (one the matching attributes
    /// do not find, or one of several they find), then provisions it on demand: the account keeps its id and history and
    /// gets the directory's values; from then on cycles manage it. What the account holds is recorded as if exported, so
    /// the log shows its values before and after and only what differs is sent; a group's members become the
    /// directory's. Refused, with nothing written, when the object is not in the job's scope (the job would then disable
    /// the account), when the target has no such account, or when another object is linked to it. An account the object
    /// was linked to before is left as it is, no longer managed.
    /// </summary>
    public async Task<OnDemandResult> LinkAsync(Guid tenantId, Guid jobId, ObjectKind kind, string sourceId, string targetId, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithConnectorsAsync(config, async (source, target) =>
        {
            var focus = new[] { (kind, sourceId) };
            var preview = await RunFocusedAsync(dbs, config, source, target, focus, preview: true, cancellationToken);
            var planned = preview.Objects.FirstOrDefault(o => o.Kind == kind && o.SourceId == sourceId && o.Steps.Any(s => s.Type == "scoping"));
            var scoping = planned?.Steps.First(s => s.Type == "scoping");
            if (planned is null || scoping!.Status != "Success")
            {
                throw new LinkRefusedException(
                    $"{planned?.DisplayName ?? sourceId} is out of this job's scope, so the job would disable the account rather than manage it: {scoping?.Description ?? "not found in the directory."}");
            }

            var found = await target.GetAsync(kind, targetId, cancellationToken)
                ?? throw new LinkRefusedException($"The target has no {kind.ToString().ToLowerInvariant()} with id {targetId}.");
            var members = kind == ObjectKind.Group ? await target.MembersAsync(targetId, cancellationToken) : null;

            await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
            {
                var links = await db.LinkedObjects
                    .Where(l => l.JobId == jobId && l.Kind == kind && (l.SourceId == sourceId || l.TargetId == targetId))
                    .ToListAsync(cancellationToken);
                if (links.FirstOrDefault(l => l.TargetId == targetId && l.State != LinkState.Deleted) is { } taken)
                {
                    throw new LinkRefusedException(taken.SourceId == sourceId
                        ? $"{planned.DisplayName ?? sourceId} is already linked to this account."
                        : $"This account is already linked to {taken.DisplayName ?? taken.SourceId}: one account, one directory object.");
                }

                var link = links.FirstOrDefault(l => l.SourceId == sourceId);
                if (link is null)
                {
                    link = new LinkedObject { JobId = jobId, TenantId = config.Job.TenantId, Kind = kind, SourceId = sourceId };
                    db.LinkedObjects.Add(link);
                }

                link.TargetId = targetId;
                link.DisplayName = planned.DisplayName;
                link.State = LinkState.Active;
                link.LastExportedAt = null;
                LinkValues.Write(link, HeldBy(found, config.MappingFor(kind)!), (LinkValues.Members, members));
                await db.SaveChangesAsync(cancellationToken);
            }

            var result = await RunFocusedAsync(dbs, config, source, target, focus, preview: false, cancellationToken);
            await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
            {
                // Already as the directory has it, nothing was sent: in step as of now all the same, so a later change is
                // logged as a change in the source, not as this link.
                await db.LinkedObjects.Where(l => l.JobId == jobId && l.Kind == kind && l.SourceId == sourceId && l.TargetId == targetId && l.LastExportedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(l => l.LastExportedAt, time.GetUtcNow()), cancellationToken);
            }

            return result;
        });
    }

    /// <summary>The most accounts <see cref="TargetObjectsAsync"/> reads at once.</summary>
    public const int MaxTargetObjects = 10;

    /// <summary>
    /// The target's objects of these ids as it holds them now, with name and state (ids it lacks left out): the accounts
    /// a duplicate match found, for an admin to choose the one to link.
    /// </summary>
    public async Task<IReadOnlyList<UnmanagedObject>> TargetObjectsAsync(Guid tenantId, Guid jobId, ObjectKind kind, IReadOnlyList<string> ids,
        CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithTargetAsync(config, async target =>
        {
            var found = new List<UnmanagedObject>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal).Take(MaxTargetObjects))
            {
                if (await target.GetAsync(kind, id, cancellationToken) is { } account)
                {
                    found.Add(new UnmanagedObject(account.Id, account.DisplayName, account.Active));
                }
            }

            return (IReadOnlyList<UnmanagedObject>)found;
        });
    }

    // What the account holds of each mapped attribute, as a link records what it exported: planning then sends what the
    // directory has otherwise, and the log shows the account's value as the old one.
    private static Dictionary<string, JsonNode?> HeldBy(TargetObject found, ObjectMapping mapping)
    {
        var held = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in mapping.AttributeMappings.Select(a => a.TargetAttribute).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!name.Equals(ScimAttributeNames.Members, StringComparison.OrdinalIgnoreCase) && TargetDrift.Read(name, found.Resource) is (var value, true))
            {
                held[name] = value?.DeepClone();
            }
        }

        return held;
    }
}
