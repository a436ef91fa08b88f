using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Web.Features.Applications;
using Portal.Web.Audit;

namespace Portal.Web.Features.Mappings;

/// <summary>
/// Reads and saves a job's object mappings (target actions, attribute mappings, scoping filters); restores defaults;
/// exports and imports them as a job file's <c>mappings</c> (docs/sync-job.md), to carry them to another application or
/// to <c>portal sync run</c>.
/// </summary>
public sealed class MappingService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit)
{
    public async Task<IReadOnlyList<ObjectMapping>> LoadAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mappings = await db.ObjectMappings.AsNoTracking()
            .Include(m => m.AttributeMappings).Include(m => m.ScopingFilters)
            .Where(m => m.JobId == jobId).ToListAsync(cancellationToken);
        foreach (var mapping in mappings)
        {
            mapping.AttributeMappings = mapping.AttributeMappings.OrderBy(a => a.Order).ToList();
        }

        return mappings.OrderBy(m => m.SourceObject).ThenBy(m => m.Name).ToList();
    }

    /// <summary>Saves the object mapping as edited (its flags, attribute mappings and scoping filters replace the stored ones).</summary>
    public async Task SaveAsync(ObjectMapping edited, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ObjectMappings.Include(m => m.AttributeMappings).Include(m => m.ScopingFilters)
            .FirstOrDefaultAsync(m => m.Id == edited.Id, cancellationToken)
            ?? throw new InvalidOperationException("The mapping does not exist or belongs to another tenant.");
        AuditChange?[] changes =
        [
            AuditChange.Of(nameof(stored.Enabled), stored.Enabled, edited.Enabled),
            AuditChange.Of(nameof(stored.AllowCreate), stored.AllowCreate, edited.AllowCreate),
            AuditChange.Of(nameof(stored.AllowUpdate), stored.AllowUpdate, edited.AllowUpdate),
            AuditChange.Of(nameof(stored.AllowDelete), stored.AllowDelete, edited.AllowDelete),
            AuditChange.Of("AttributeMappings", Describe(stored.AttributeMappings.OrderBy(a => a.Order)), Describe(edited.AttributeMappings)),
            AuditChange.Of("ScopingFilters", Describe(stored.ScopingFilters), Describe(edited.ScopingFilters)),
        ];
        stored.Enabled = edited.Enabled;
        stored.AllowCreate = edited.AllowCreate;
        stored.AllowUpdate = edited.AllowUpdate;
        stored.AllowDelete = edited.AllowDelete;

        db.AttributeMappings.RemoveRange(stored.AttributeMappings);
        db.ScopingFilters.RemoveRange(stored.ScopingFilters);
        await db.SaveChangesAsync(cancellationToken);

        var order = 0;
        foreach (var a in edited.AttributeMappings)
        {
            db.AttributeMappings.Add(new AttributeMapping
            {
                ObjectMappingId = stored.Id,
                TargetAttribute = a.TargetAttribute.Trim(),
                Type = a.Type,
                Source = a.Source,
                DefaultValue = string.IsNullOrEmpty(a.DefaultValue) ? null : a.DefaultValue,
                Apply = a.Apply,
                IsMatching = a.IsMatching,
                MatchingPrecedence = a.IsMatching ? a.MatchingPrecedence : 0,
                ClearWhenSourceRemoved = a.ClearWhenSourceRemoved,
                Order = order++,
            });
        }

        foreach (var f in edited.ScopingFilters)
        {
            db.ScopingFilters.Add(new ScopingFilter
            {
                ObjectMappingId = stored.Id,
                Name = f.Name.Trim(),
                Kind = f.Kind,
                Clauses = f.Clauses.Select(c => new ScopingFilterClause { SourceAttribute = c.SourceAttribute, Operator = c.Operator, Value = c.Value }).ToList(),
            });
        }

        audit.Record(db, AuditActivities.UpdateAttributeMappingsOrScope, nameof(ObjectMapping), stored.Id.ToString(), changes);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Replaces every object mapping and scoping filter of the job with the gallery template's defaults.</summary>
    public async Task RestoreDefaultsAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.Include(j => j.Application).FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw new InvalidOperationException("The application does not exist or belongs to another tenant.");
        var template = ApplicationGallery.Find(job.Application!.TemplateId) ?? ApplicationGallery.Templates[^1];
        db.ObjectMappings.RemoveRange(db.ObjectMappings.Where(m => m.JobId == jobId));
        await db.SaveChangesAsync(cancellationToken);
        db.ObjectMappings.AddRange(ApplicationGallery.DefaultMappings(template, jobId));
        audit.Record(db, AuditActivities.UpdateAttributeMappingsOrScope, nameof(ProvisioningJob), jobId.ToString(),
            AuditChange.Of("Mappings", "custom", $"defaults of {template.DisplayName}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly JsonSerializerOptions Indented = new(SyncJobFile.Json) { WriteIndented = true };

    /// <summary>The job's mappings as a job file's <c>mappings</c> object; null when the job is not the tenant's.</summary>
    public async Task<string?> ExportAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var mappings = await LoadAsync(jobId, cancellationToken);
        return mappings.Count == 0 ? null : JsonSerializer.Serialize(SyncJobImport.ToFile(mappings), Indented);
    }

    /// <summary>
    /// Replaces the object mappings a file describes (users, groups or both; a kind it leaves out stays as it is) after the
    /// checks a job file gets. Returns what is wrong with the file, or null when it was imported.
    /// </summary>
    public async Task<string?> ImportAsync(Guid jobId, string json, CancellationToken cancellationToken = default)
    {
        SyncJobMappings? file;
        try
        {
            file = JsonSerializer.Deserialize<SyncJobMappings>(json, SyncJobFile.Json);
        }
        catch (JsonException e)
        {
            return $"The file is not a mappings file: {e.Message}";
        }

        if (file?.Users is null && file?.Groups is null)
        {
            return "The file has neither a \"users\" nor a \"groups\" mapping.";
        }

        if (SyncJobImport.Problem(file) is { } problem)
        {
            return $"The file's {problem}";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.ProvisioningJobs.AnyAsync(j => j.Id == jobId, cancellationToken))
        {
            throw new InvalidOperationException("The application does not exist or belongs to another tenant.");
        }

        var stored = await db.ObjectMappings.AsNoTracking().Where(m => m.JobId == jobId).Select(m => new { m.Id, m.SourceObject }).ToListAsync(cancellationToken);
        foreach (var (kind, described) in new[] { (ObjectKind.User, file.Users), (ObjectKind.Group, file.Groups) })
        {
            if (described is null)
            {
                continue;
            }

            // Saved as an edit of the stored mapping, so the audit log shows each mapping before and after.
            var imported = SyncJobImport.Build(kind, described);
            if (stored.FirstOrDefault(m => m.SourceObject == kind) is { } existing)
            {
                imported.Id = existing.Id;
                await SaveAsync(imported, cancellationToken);
            }
            else
            {
                imported.JobId = jobId;
                db.ObjectMappings.Add(imported);
                audit.Record(db, AuditActivities.UpdateAttributeMappingsOrScope, nameof(ObjectMapping), imported.Id.ToString(),
                    AuditChange.Of("Mappings", null, "imported from a file"));
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return null;
    }

    // One line per mapping, "target ← source", so the audit entry shows what the mapping was and became.
    private static List<string> Describe(IEnumerable<AttributeMapping> mappings) =>
        mappings.Select(a => $"{a.TargetAttribute} ← {a.Source}").ToList();

    private static List<string> Describe(IEnumerable<ScopingFilter> filters) =>
        filters.Select(f => $"{f.Name}: " + string.Join(" AND ", f.Clauses.Select(c => $"{c.SourceAttribute} {c.Operator} {c.Value}"))).ToList();
}
