using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>A job as one cycle sees it: settings, the application's roles, and the enabled object mappings.</summary>
internal sealed record JobConfiguration(ProvisioningJob Job, Application Application, Tenant Tenant, ObjectMapping Users, ObjectMapping? Groups)
{
    private static readonly string[] AlwaysRead = ["displayName", "userPrincipalName", "accountEnabled", "mail", "mailNickname"];

    public ObjectMapping? MappingFor(ObjectKind kind) => kind == ObjectKind.User ? Users : Groups;

    /// <remarks>expressions: to name the attributes Expression mappings read, which Graph returns only when selected.</remarks>
    public DirectoryQuery Query(bool full, IMappingExpressionEvaluator expressions) => new(
        Application.ServicePrincipalId ?? string.Empty,
        [.. DirectoryAttributes.Selectable(ObjectKind.User, AttributesOf(Users, expressions)).Union(AlwaysRead, StringComparer.OrdinalIgnoreCase)],
        Groups is null ? ["displayName"] : [.. DirectoryAttributes.Selectable(ObjectKind.Group, AttributesOf(Groups, expressions)).Union(["displayName"], StringComparer.OrdinalIgnoreCase)],
        Job.ExpandNestedGroups,
        full ? null : Job.Watermark.UsersDeltaLink,
        full ? null : Job.Watermark.GroupsDeltaLink);

    public static async Task<JobConfiguration> LoadAsync(PortalDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.ProvisioningJobs
            .Include(j => j.Application)
            .Include(j => j.ObjectMappings).ThenInclude(m => m.AttributeMappings)
            .Include(j => j.ObjectMappings).ThenInclude(m => m.ScopingFilters)
            .AsSplitQuery()
            .SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw new ProvisioningJobNotFoundException(jobId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == job.TenantId, cancellationToken);

        // No mappings configured means the template's defaults, as a new Entra job starts with them.
        var users = job.ObjectMappings.FirstOrDefault(m => m.SourceObject == ObjectKind.User) ?? DefaultMappings.Users();
        var groups = job.ObjectMappings.Count == 0 ? DefaultMappings.Groups() : job.ObjectMappings.FirstOrDefault(m => m.SourceObject == ObjectKind.Group);
        return new JobConfiguration(job, job.Application!, tenant, users, groups is { Enabled: true } ? groups : null);
    }

    /// <summary>
    /// The job with <paramref name="draft"/> (settings as edited, not saved) in place of its saved ones. Only a dry run
    /// may plan with it: a cycle that exported would leave the target as no saved setting describes.
    /// </summary>
    public JobConfiguration WithDraft(JobDraft draft, bool dryRun)
    {
        if (!dryRun)
        {
            throw new InvalidOperationException("Unsaved settings are only planned in a dry run.");
        }

        // The job and its application were read for this cycle alone (their context is gone), and a dry run saves
        // nothing of them.
        if (draft.Scope is { } scope)
        {
            Job.Scope = scope;
        }

        if (draft.RequiredRoles is { } roles)
        {
            Application.RequiredRoleValues = [.. roles];
        }

        return draft.Mapping switch
        {
            null => this,
            { } mapping when mapping.JobId != Job.Id => throw new ArgumentException($"The mapping '{mapping.Name}' is not one of job {Job.Id}.", nameof(draft)),
            { SourceObject: ObjectKind.User } mapping => this with { Users = mapping },
            { } mapping => this with { Groups = mapping.Enabled ? mapping : null },
        };
    }

    /// <summary>
    /// What mappings and scoping filters name that the directory does not have (saved before names were checked, or
    /// written to the database by hand), each with why: left out of the read, since Graph refuses a whole page selecting
    /// one such name, so they map no value.
    /// </summary>
    public IReadOnlyList<string> UnknownAttributes(IMappingExpressionEvaluator expressions) =>
        [.. Unknown(ObjectKind.User, Users, expressions), .. Groups is null ? [] : Unknown(ObjectKind.Group, Groups, expressions)];

    private static IEnumerable<string> Unknown(ObjectKind kind, ObjectMapping mapping, IMappingExpressionEvaluator expressions) =>
        AttributesOf(mapping, expressions).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => DirectoryAttributes.Problem(kind, a)).OfType<string>();

    private static IEnumerable<string> AttributesOf(ObjectMapping mapping, IMappingExpressionEvaluator expressions) =>
        mapping.AttributeMappings.Where(a => a.Type == MappingType.Direct && a.Source is not null).Select(a => a.Source!)
            .Concat(mapping.AttributeMappings.Where(a => a.Type == MappingType.Expression && a.Source is not null)
                .SelectMany(a => expressions.AttributesOf(a.Source!)))
            .Concat(mapping.ScopingFilters.SelectMany(f => f.Clauses).Where(c => !ScopingFilterEvaluator.IsMembership(c.Operator)).Select(c => c.SourceAttribute));
}
