using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Reconciliation;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Cycles;

public sealed partial class ProvisioningEngine
{
    /// <summary>
    /// Reads every user (and, when groups are provisioned, every group) of the target and compares them with the links:
    /// linked objects the target no longer holds, target objects no link names, and values edited in the target since
    /// they were exported. Reads only; a target that cannot list its objects is refused with a reason. Each list keeps
    /// its first <see cref="ReconciliationSection.MaxListed"/> entries.
    /// </summary>
    public Task<ReconciliationReport> ReconcileAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken) =>
        ReconcileAsync(tenantId, jobId, ReconciliationSection.MaxListed, cancellationToken);

    /// <summary>As above, each list keeping <paramref name="maxListed"/> entries (an export takes them all).</summary>
    public async Task<ReconciliationReport> ReconcileAsync(Guid tenantId, Guid jobId, int maxListed, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithTargetAsync(config, async target =>
        {
            var sections = new List<ReconciliationSection>();
            Dictionary<string, string?> userNames = [];
            foreach (var kind in config.Groups is null ? [ObjectKind.User] : new[] { ObjectKind.User, ObjectKind.Group })
            {
                var listing = target.ListAsync(kind, cancellationToken)
                    ?? throw new NotSupportedException("This application's connector cannot list the target's objects, so they cannot be compared.");
                List<LinkedObject> links;
                await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
                {
                    // Without their exported values, which are read a page at a time as the listing reaches their objects:
                    // held all at once they were most of a large job's comparison's memory.
                    links = await db.LinkedObjects.AsNoTracking().Where(l => l.JobId == jobId && l.Kind == kind)
                        .Select(l => new LinkedObject
                        {
                            Id = l.Id, JobId = l.JobId, Kind = l.Kind, SourceId = l.SourceId, TargetId = l.TargetId, DisplayName = l.DisplayName, State = l.State,
                        })
                        .ToListAsync(cancellationToken);
                }

                var reconciler = new TargetReconciler(kind, links, target.DisableRemoves, userNames, maxListed);
                var page = new List<TargetObject>(ExportedValuesPage);
                await foreach (var found in listing.WithCancellation(cancellationToken))
                {
                    page.Add(found);
                    if (page.Count == ExportedValuesPage)
                    {
                        await CompareAsync(dbs, kind, page, reconciler, cancellationToken);
                    }
                }

                await CompareAsync(dbs, kind, page, reconciler, cancellationToken);
                if (kind == ObjectKind.User)
                {
                    // Users come first: their names name the groups' members.
                    userNames = links.Where(l => l.TargetId is not null).DistinctBy(l => l.TargetId).ToDictionary(l => l.TargetId!, l => l.DisplayName);
                }

                // A listing leaves members out: each linked group is read with its members, as many at once as a cycle would.
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = TargetSettings(config).MaxParallelism, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(reconciler.GroupsFound, parallel, async (groupId, ct) => reconciler.AddMembers(groupId, await target.MembersAsync(groupId, ct)));
                sections.Add(reconciler.Section());
            }

            return new ReconciliationReport(time.GetUtcNow(), sections);
        });
    }

    private const int ExportedValuesPage = 500;

    // Reads the exported values of the page's linked objects in one query, compares the page, and lets go of the users'
    // values again (a group's stay: its members are compared after the listing).
    private static async Task CompareAsync(IDbContextFactory<PortalDbContext> dbs, ObjectKind kind, List<TargetObject> page,
        TargetReconciler reconciler, CancellationToken cancellationToken)
    {
        var linked = page.Select(f => reconciler.LinkOf(f.Id)).OfType<LinkedObject>().DistinctBy(l => l.Id).ToDictionary(l => l.Id);
        if (linked.Count > 0)
        {
            var ids = linked.Keys.ToList();
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            var values = await db.LinkedObjects.AsNoTracking().Where(l => ids.Contains(l.Id))
                .Select(l => new { l.Id, l.ExportedValuesJson }).ToListAsync(cancellationToken);
            foreach (var value in values)
            {
                linked[value.Id].ExportedValuesJson = value.ExportedValuesJson;
            }
        }

        foreach (var found in page)
        {
            reconciler.Add(found);
        }

        if (kind == ObjectKind.User)
        {
            foreach (var link in linked.Values)
            {
                link.ExportedValuesJson = null;
            }
        }

        page.Clear();
    }

    public const int MaxRepairObjects = 50;

    /// <summary>
    /// Puts objects the reconciliation found edited or missing back as the directory has them: each link first records
    /// what the target holds now (the edited attributes' values, a missing object as gone), then the objects run as in
    /// provision on demand, whose planning sends exactly what differs from the directory — and logs it.
    /// </summary>
    public async Task<OnDemandResult> RepairAsync(Guid tenantId, Guid jobId, IReadOnlyList<RepairRequest> objects, CancellationToken cancellationToken)
    {
        if (objects.Count is 0 or > MaxRepairObjects)
        {
            throw new ArgumentException($"Repair takes 1 to {MaxRepairObjects} objects at a time; {objects.Count} were given.", nameof(objects));
        }

        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithConnectorsAsync(config, async (source, target) =>
        {
            await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
            {
                var sourceIds = objects.Select(o => o.SourceId).ToList();
                var links = await db.LinkedObjects.Where(l => l.JobId == jobId && sourceIds.Contains(l.SourceId)).ToListAsync(cancellationToken);
                foreach (var request in objects)
                {
                    if (links.FirstOrDefault(l => l.Kind == request.Kind && l.SourceId == request.SourceId) is { TargetId: { } targetId, State: not LinkState.Deleted } link)
                    {
                        var found = await target.GetAsync(link.Kind, targetId, cancellationToken);
                        var members = found is not null && link.Kind == ObjectKind.Group
                            && request.Attributes.Contains(ScimAttributeNames.Members, StringComparer.OrdinalIgnoreCase)
                                ? await target.MembersAsync(targetId, cancellationToken) : null;
                        RecordTargetState(link, found, request.Attributes, members);
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            return await RunFocusedAsync(dbs, config, source, target, [.. objects.Select(o => (o.Kind, o.SourceId))], preview: false, cancellationToken);
        });
    }

    // What the target holds becomes what the link says was exported, so planning finds the difference to the directory;
    // a group's members too, so the membership export adds and removes what differs from the directory's.
    private static void RecordTargetState(LinkedObject link, TargetObject? found, IReadOnlyList<string> attributes, IReadOnlyList<string>? members)
    {
        if (found is null)
        {
            // Gone from the target: matched again, or created again.
            link.State = LinkState.Deleted;
            return;
        }

        var recorded = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ChangePlanner.Parse(link.ExportedValuesJson) ?? [])
        {
            if (name[0] != ChangePlanner.StatePrefix)
            {
                recorded[name] = value?.DeepClone();
            }
        }

        var edited = TargetDrift.Compare(link, found.Resource)
            .Where(d => d.Readable && !TargetDrift.Holds(d.Actual, d.Expected) && attributes.Contains(d.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        foreach (var (name, _, actual, _) in edited)
        {
            recorded[name] = actual?.DeepClone();
            if (name.Equals(ScimAttributeNames.Active, StringComparison.OrdinalIgnoreCase) && link.State == LinkState.Disabled)
            {
                // Enabled again in the target: an active link, which planning disables again if the user is out of scope.
                link.State = LinkState.Active;
            }
        }

        if (edited.Count > 0 || members is not null)
        {
            LinkValues.Write(link, edited.Count > 0 ? recorded : null, (LinkValues.Members, members));
        }
    }
}
