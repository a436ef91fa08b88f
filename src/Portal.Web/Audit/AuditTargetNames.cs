using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Audit;

/// <summary>
/// The names of an audit page's targets (application, mapping, user, directory), read when the page is, so an entry says
/// "GoTo Meeting" rather than a job's id. A target deleted since keeps only its id; its Add or Delete entry names it.
/// </summary>
internal static class AuditTargetNames
{
    /// <summary>Event id → the current name of its target, for the targets that still exist in the tenant.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> ResolveAsync(PortalDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        List<Guid> Ids(string type) => events.Where(e => e.TargetType == type && Guid.TryParse(e.TargetId, out _))
            .Select(e => Guid.Parse(e.TargetId!)).Distinct().ToList();

        var applications = Ids(nameof(Application));
        var jobs = Ids(nameof(ProvisioningJob));
        var mappings = Ids(nameof(ObjectMapping));
        var users = Ids(nameof(PortalUser));
        var logIds = events.Where(e => e.TargetType == nameof(ProvisioningLogEntry) && long.TryParse(e.TargetId, out _))
            .Select(e => long.Parse(e.TargetId!)).Distinct().ToList();

        // The tenant filter applies to every query here: another tenant's id, even if one were stored, finds nothing.
        var names = new Dictionary<(string Type, string Id), string>();
        void Add(string type, IEnumerable<(string Id, string? Name)> found)
        {
            foreach (var (id, name) in found.Where(f => !string.IsNullOrEmpty(f.Name)))
            {
                names[(type, id)] = name!;
            }
        }

        Add(nameof(Application), (await db.Applications.Where(a => applications.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName }).ToListAsync(ct)).Select(a => (a.Id.ToString(), (string?)a.DisplayName)));
        Add(nameof(ProvisioningJob), (await db.ProvisioningJobs.Where(j => jobs.Contains(j.Id))
            .Select(j => new { j.Id, j.Application!.DisplayName }).ToListAsync(ct)).Select(j => (j.Id.ToString(), (string?)j.DisplayName)));
        Add(nameof(ObjectMapping), (await db.ObjectMappings.Where(m => mappings.Contains(m.Id))
            .Join(db.ProvisioningJobs, m => m.JobId, j => j.Id, (m, j) => new { m.Id, m.Name, App = j.Application!.DisplayName })
            .ToListAsync(ct)).Select(m => (m.Id.ToString(), (string?)$"{m.App} · {m.Name}")));
        Add(nameof(PortalUser), (await db.PortalUsers.Where(u => users.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserPrincipalName }).ToListAsync(ct)).Select(u => (u.Id.ToString(), (string?)(u.DisplayName ?? u.UserPrincipalName))));
        Add(nameof(ProvisioningLogEntry), (await db.ProvisioningLogs.Where(l => logIds.Contains(l.Id))
            .Select(l => new { l.Id, l.SourceDisplayName }).ToListAsync(ct)).Select(l => (l.Id.ToString(), l.SourceDisplayName)));
        if (db.TenantId is { } tenantId && events.Any(e => e.TargetType == nameof(Tenant)))
        {
            Add(nameof(Tenant), (await db.Tenants.Where(t => t.Id == tenantId).Select(t => new { t.Id, t.DisplayName }).ToListAsync(ct))
                .Select(t => (t.Id.ToString(), (string?)t.DisplayName)));
        }

        return events.Where(e => e.TargetType is not null && e.TargetId is not null && names.ContainsKey((e.TargetType, e.TargetId)))
            .ToDictionary(e => e.Id, e => names[(e.TargetType!, e.TargetId!)]);
    }
}
