using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Web.Audit;
using Portal.Web.Jobs;

namespace Portal.Web.Features.Applications;

/// <summary>The tenant's applications: list, add from the gallery (app + job + default mappings), delete.</summary>
public sealed class ApplicationCatalog(
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    TimeProvider clock,
    SandboxApplications? sandbox = null,
    ProvisioningScheduler? scheduler = null)
{
    public async Task<IReadOnlyList<ApplicationSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ProvisioningJobs.AsNoTracking()
            .Select(j => new ApplicationSummary(
                j.ApplicationId, j.Application!.DisplayName, j.Application.TemplateId, j.Id, j.Mode, j.Status, j.StatusCode,
                j.Quarantine.Reason, j.LastCycleEndedAt, null))
            .ToListAsync(cancellationToken);
        // The next cycle is the schedule's to tell, not a column's: Hangfire's recurring job is what will run.
        var next = scheduler?.NextCycles(rows.Select(r => r.JobId).ToList());
        return rows.Select(r => r with { NextCycleAt = next is not null && next.TryGetValue(r.JobId, out var at) ? at : null })
            .OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Each provisioning job's application name, for lists that show entries of every application.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesByJobAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProvisioningJobs.AsNoTracking()
            .Select(j => new { j.Id, j.Application!.DisplayName })
            .ToDictionaryAsync(j => j.Id, j => j.DisplayName, cancellationToken);
    }

    public async Task<ApplicationSummary?> FindAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProvisioningJobs.AsNoTracking().Where(j => j.ApplicationId == applicationId)
            .Select(j => new ApplicationSummary(
                j.ApplicationId, j.Application!.DisplayName, j.Application.TemplateId, j.Id, j.Mode, j.Status, j.StatusCode,
                j.Quarantine.Reason, j.LastCycleEndedAt, null))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The template's name, numbered past the names the tenant already uses ("GoTo Meeting 2").</summary>
    public async Task<string> SuggestNameAsync(string templateId, CancellationToken cancellationToken = default)
    {
        var template = Template(templateId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await NamesAsync(db, cancellationToken);
        return ApplicationNames.Suggest(template.DisplayName, taken);
    }

    /// <summary>Creates the application, its provisioning job (Off, Manual) and the template's default mappings.</summary>
    /// <exception cref="ApplicationNameException">The name is empty, too long or another application's.</exception>
    public async Task<Guid> AddAsync(string templateId, string displayName, CancellationToken cancellationToken = default)
    {
        var template = Template(templateId);
        var now = clock.GetUtcNow();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = ApplicationNames.Check(displayName, await NamesAsync(db, cancellationToken));
        var application = new Application { DisplayName = name, TemplateId = template.Id, CreatedAt = now };
        var job = new ProvisioningJob
        {
            ApplicationId = application.Id,
            CreatedAt = now,
            Target = new TargetConnection
            {
                BaseUrl = template.DefaultBaseUrl,
                AuthKind = template.DefaultAuthKind,
                TokenEndpoint = template.DefaultTokenEndpoint,
                Scopes = template.DefaultScopes,
                DialectPreset = template.DialectPreset,
            },
        };
        if (sandbox is not null && await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == db.TenantId, cancellationToken) is { } tenant)
        {
            sandbox.Prefill(application, job.Target, tenant.DirectoryId);
        }

        job.ObjectMappings = ApplicationGallery.DefaultMappings(template, job.Id);
        db.Applications.Add(application);
        db.ProvisioningJobs.Add(job);
        audit.Record(db, AuditActivities.AddApplication, nameof(Application), application.Id.ToString(),
            AuditChange.Of("DisplayName", null, name), AuditChange.Of("Template", null, template.Id));
        await db.SaveChangesAsync(cancellationToken);
        return application.Id;
    }

    /// <summary>Renames the application; logs, notifications and reports show the new name from then on.</summary>
    /// <exception cref="ApplicationNameException">The name is empty, too long or another application's.</exception>
    public async Task RenameAsync(Guid applicationId, string displayName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, cancellationToken)
            ?? throw new ApplicationNameException($"Application '{applicationId}' was not found in this tenant.");
        var others = await db.Applications.AsNoTracking().Where(a => a.Id != applicationId).Select(a => a.DisplayName).ToListAsync(cancellationToken);
        var name = ApplicationNames.Check(displayName, others);
        if (name == application.DisplayName)
        {
            return;
        }

        audit.Record(db, AuditActivities.UpdateApplication, nameof(Application), applicationId.ToString(),
            AuditChange.Of("DisplayName", application.DisplayName, name));
        application.DisplayName = name;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        if (application is null)
        {
            return;
        }

        db.Applications.Remove(application);
        audit.Record(db, AuditActivities.DeleteApplication, nameof(Application), applicationId.ToString(),
            AuditChange.Of("DisplayName", application.DisplayName, null));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static GalleryTemplate Template(string templateId) =>
        ApplicationGallery.Find(templateId) ?? throw new ArgumentException($"No gallery application '{templateId}'.", nameof(templateId));

    private static async Task<List<string>> NamesAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.Applications.AsNoTracking().Select(a => a.DisplayName).ToListAsync(cancellationToken);
}
