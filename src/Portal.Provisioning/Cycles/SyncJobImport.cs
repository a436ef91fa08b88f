using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Writes a <see cref="SyncJobFile"/> into a database as one tenant, application and job (creating them on first
/// use). Like Entra, the next cycle after a change of mappings or scoping filters re-evaluates every object
/// (<see cref="MappingDigest"/>).
/// </summary>
public static class SyncJobImport
{
    /// <remarks>contextFor: a context for the given tenant (null: none, for the tenant row itself).</remarks>
    public static async Task<(Guid TenantId, Guid JobId)> ApplyAsync(
        Func<Guid?, PortalDbContext> contextFor, SyncJobFile file, SecretProtector secrets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Problem(file.Mappings) is { } problem)
        {
            throw new InvalidOperationException($"The job file's {problem}");
        }

        Tenant? tenant;
        await using (var db = contextFor(null))
        {
            tenant = await UpsertTenantAsync(db, file, secrets, now, cancellationToken);
        }

        await using var tenantDb = contextFor(tenant.Id);
        var jobId = await UpsertJobAsync(tenantDb, file, secrets, now, cancellationToken);
        return (tenant.Id, jobId);
    }

    // The file lists what is released; one already released keeps when it was, so the digest and the logs do not move.
    private static void Release(ProvisioningJob job, IReadOnlyList<SyncJobReleased> listed, DateTimeOffset now)
    {
        job.Released ??= [];
        var kept = job.Released.ToDictionary(r => (r.Kind, r.SourceId.ToLowerInvariant()));
        job.Released.Clear();
        foreach (var r in listed.DistinctBy(r => (r.Kind, r.SourceId.ToLowerInvariant())))
        {
            job.Released.Add(kept.GetValueOrDefault((r.Kind, r.SourceId.ToLowerInvariant()))
                ?? new ReleasedObject { Kind = r.Kind, SourceId = r.SourceId, DisplayName = r.DisplayName, ReleasedAt = now, ReleasedBy = "the job file" });
        }
    }

    private static async Task<Tenant> UpsertTenantAsync(PortalDbContext db, SyncJobFile file, SecretProtector secrets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.DirectoryId == file.Source.TenantId, cancellationToken);
        if (tenant is null)
        {
            tenant = new Tenant { DirectoryId = file.Source.TenantId, DisplayName = file.Source.TenantId, CreatedAt = now };
            db.Tenants.Add(tenant);
        }

        tenant.Directory.ClientId = file.Source.ClientId;
        tenant.Directory.ClientSecret = secrets.Protect(SyncJobFile.Secret(file.Source.ClientSecret)!);
        tenant.Directory.GraphBaseUrl = file.Source.GraphBaseUrl;
        tenant.Directory.TokenEndpoint = file.Source.TokenEndpoint;
        await db.SaveChangesAsync(cancellationToken);
        return tenant;
    }

    private static async Task<Guid> UpsertJobAsync(PortalDbContext db, SyncJobFile file, SecretProtector secrets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = await db.ProvisioningJobs
            .Include(j => j.Application)
            .Include(j => j.ObjectMappings).ThenInclude(m => m.AttributeMappings)
            .Include(j => j.ObjectMappings).ThenInclude(m => m.ScopingFilters)
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            var application = new Application { DisplayName = "SCIM 2.0 application", TemplateId = "scim", CreatedAt = now };
            job = new ProvisioningJob { Application = application, CreatedAt = now, Mode = ProvisioningMode.Automatic, Status = ProvisioningStatus.On, StatusCode = JobStatusCode.NotRun };
            db.ProvisioningJobs.Add(job);
        }

        job.Application!.ServicePrincipalId = file.Source.ServicePrincipalId;
        job.Application.RequiredRoleValues = [.. file.Source.RequiredRoles ?? []];
        job.Scope = file.Source.Scope;
        job.ExpandNestedGroups = file.Source.ExpandNestedGroups;
        job.DeletionThreshold = file.DeletionThreshold;
        job.PreventAccidentalDeletions = file.PreventAccidentalDeletions;
        job.SkipOutOfScopeDeletions = file.SkipOutOfScopeDeletions;
        Release(job, file.NoLongerManaged ?? [], now);
        job.Target.BaseUrl = file.Target.BaseUrl;
        job.Target.AuthKind = file.Target.Auth;
        job.Target.Secret = SyncJobFile.Secret(file.Target.Secret) is { Length: > 0 } secret ? secrets.Protect(secret) : null;
        job.Target.UserName = file.Target.UserName;
        job.Target.TokenEndpoint = file.Target.TokenEndpoint;
        job.Target.Scopes = file.Target.Scopes;
        job.Target.ClientSecretPlacement = file.Target.ClientSecretPlacement;
        job.Target.DialectPreset = file.Target.Dialect;
        job.Target.DialectProfileJson = file.Target.Profile?.GetRawText();

        var wanted = new[] { Build(ObjectKind.User, file.Mappings?.Users), Build(ObjectKind.Group, file.Mappings?.Groups) };
        if (Describe(job.ObjectMappings) != Describe(wanted))
        {
            db.ObjectMappings.RemoveRange(job.ObjectMappings);
            job.ObjectMappings = [.. wanted];

            // Added explicitly: found through the navigation, entities whose keys are already set would be taken for
            // existing rows and updated instead of inserted.
            db.ObjectMappings.AddRange(wanted);
        }

        await db.SaveChangesAsync(cancellationToken);
        return job.Id;
    }

    /// <summary>The object mapping of a kind as a file describes it; the SCIM template's defaults where it says nothing.</summary>
    public static ObjectMapping Build(ObjectKind kind, SyncJobObjectMapping? file)
    {
        var mapping = kind == ObjectKind.User ? DefaultMappings.Users() : DefaultMappings.Groups();
        if (file is null)
        {
            return mapping;
        }

        mapping.Enabled = file.Enabled;
        mapping.AllowCreate = file.AllowCreate;
        mapping.AllowUpdate = file.AllowUpdate;
        mapping.AllowDelete = file.AllowDelete;
        if (file.Attributes is { } attributes)
        {
            mapping.AttributeMappings = [.. attributes.Select((a, i) => new AttributeMapping
            {
                TargetAttribute = a.Target, Source = a.Source, Type = a.Type, DefaultValue = a.Default, Apply = a.Apply,
                IsMatching = a.Matching > 0, MatchingPrecedence = a.Matching, ClearWhenSourceRemoved = a.ClearWhenSourceRemoved, Order = i,
            })];
        }

        mapping.ScopingFilters = [.. (file.Filters ?? []).Select(f => new ScopingFilter
        {
            Name = f.Name, Kind = f.Kind,
            Clauses = [.. f.Clauses.Select(c => new ScopingFilterClause { SourceAttribute = c.Attribute, Operator = c.Operator, Value = c.Value })],
        })];
        return mapping;
    }

    /// <summary>
    /// What in a file's mappings would fail, naming the mapping ("mapping of users to 'title': …"); null when nothing. A
    /// name the directory does not have, or an expression that does not parse, stops an import before anything is
    /// written: Graph would refuse every read selecting the name, or each object would fail; so does a mapping without a
    /// matching attribute, whose objects could never be found in the target.
    /// </summary>
    public static string? Problem(SyncJobMappings? mappings)
    {
        var compiler = new ExpressionCompiler();
        foreach (var (kind, key, mapping) in new[] { (ObjectKind.User, "users", mappings?.Users), (ObjectKind.Group, "groups", mappings?.Groups) })
        {
            if (mapping is { Enabled: true, Attributes: { } attributes } && !attributes.Any(a => a.Matching > 0))
            {
                return $"mapping of {key} has no matching attribute; give one a \"matching\" precedence (1 is tried first).";
            }

            foreach (var attribute in mapping?.Attributes ?? [])
            {
                var problem = (attribute.Type, attribute.Source) switch
                {
                    (MappingType.Direct, { } source) => DirectoryAttributes.Problem(kind, source),
                    (MappingType.Expression, { } text) when compiler.Validate(text) is { } error => $"the expression does not parse: {error.MessageWithPosition}",
                    (MappingType.Expression, { } text) when compiler.Compile(text).SelectsUniqueValue
                        && UniqueValueRules.Problems(attribute.Matching > 0, attribute.Apply).FirstOrDefault() is { Message: { } misplaced } => misplaced,
                    (MappingType.Expression, { } text) => DirectoryAttributes.Problem(kind, compiler.Compile(text).Attributes),
                    _ => null,
                };
                if (problem is not null)
                {
                    return $"mapping of {key} to '{attribute.Target}': {problem}";
                }
            }

            foreach (var clause in (mapping?.Filters ?? []).SelectMany(f => f.Clauses).Where(c => !ScopingFilterEvaluator.IsMembership(c.Operator)))
            {
                if (DirectoryAttributes.Problem(kind, clause.Attribute) is { } problem)
                {
                    return $"scoping filter of {key}: {problem}";
                }
            }
        }

        return null;
    }

    /// <summary>A job's object mappings in a file's form, every attribute and filter written out (docs/sync-job.md).</summary>
    public static SyncJobMappings ToFile(IReadOnlyCollection<ObjectMapping> mappings) =>
        new(File(mappings.FirstOrDefault(m => m.SourceObject == ObjectKind.User)), File(mappings.FirstOrDefault(m => m.SourceObject == ObjectKind.Group)));

    private static SyncJobObjectMapping? File(ObjectMapping? mapping) => mapping is null ? null : new SyncJobObjectMapping(
        [.. mapping.AttributeMappings.OrderBy(a => a.Order).Select(a => new SyncJobAttribute(
            a.TargetAttribute, a.Source, a.Type, a.DefaultValue, a.Apply, a.IsMatching ? a.MatchingPrecedence : 0, a.ClearWhenSourceRemoved))],
        [.. mapping.ScopingFilters.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => new SyncJobFilter(
            f.Name, [.. f.Clauses.Select(c => new SyncJobClause(c.SourceAttribute, c.Operator, c.Value))], f.Kind))],
        mapping.Enabled, mapping.AllowCreate, mapping.AllowUpdate, mapping.AllowDelete);

    private static string Describe(IEnumerable<ObjectMapping> mappings) => JsonSerializer.Serialize(mappings.OrderBy(m => m.SourceObject).Select(m => new
    {
        m.SourceObject, m.Enabled, m.AllowCreate, m.AllowUpdate, m.AllowDelete,
        Attributes = m.AttributeMappings.OrderBy(a => a.Order).Select(a => new { a.TargetAttribute, a.Source, a.Type, a.DefaultValue, a.Apply, a.IsMatching, a.MatchingPrecedence, a.ClearWhenSourceRemoved }),
        Filters = m.ScopingFilters.OrderBy(f => f.Name).Select(f => new { f.Name, f.Kind, Clauses = f.Clauses.Select(c => new { c.SourceAttribute, c.Operator, c.Value }) }),
    }));
}
