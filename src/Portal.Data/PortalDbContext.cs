using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Data.Configurations;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;

namespace Portal.Data;

/// <summary>
/// The portal's only DbContext. Every tenant-owned entity is filtered to the tenant of the <see cref="ITenantContext"/>
/// the context was created with, and saving an entity of another tenant is refused.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options, ITenantContext tenant)
    : DbContext(options), IDataProtectionKeyContext
{
    // Read once: query filters reference this field, so EF parameterizes it per context instance.
    private readonly Guid? _tenantId = tenant.TenantId;

    public Guid? TenantId => _tenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ProvisioningJob> ProvisioningJobs => Set<ProvisioningJob>();
    public DbSet<ObjectMapping> ObjectMappings => Set<ObjectMapping>();
    public DbSet<AttributeMapping> AttributeMappings => Set<AttributeMapping>();
    public DbSet<ScopingFilter> ScopingFilters => Set<ScopingFilter>();
    public DbSet<LinkedObject> LinkedObjects => Set<LinkedObject>();
    public DbSet<Cycle> Cycles => Set<Cycle>();
    public DbSet<ProvisioningLogEntry> ProvisioningLogs => Set<ProvisioningLogEntry>();
    public DbSet<EscrowEntry> EscrowEntries => Set<EscrowEntry>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<PortalUser> PortalUsers => Set<PortalUser>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<MailSettings> MailSettings => Set<MailSettings>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// The one way to read across tenants, for operator screens and the scheduler; callers must be operators or
    /// system jobs. Named loudly so a review finds every use.
    /// </summary>
    public IQueryable<T> AcrossAllTenants<T>() where T : class, ITenantOwned => Set<T>().IgnoreQueryFilters();

    /// <summary>
    /// Appends provisioning-log rows in bulk (see <see cref="Bulk.BulkInsert{T}"/>), within the current transaction,
    /// stamped with and guarded to this context's tenant as SaveChanges does. On SQL Server they are written by the
    /// next SaveChanges. On SQLite their name search entries go in with them (see <see cref="Bulk.ProvisioningLogSearch"/>),
    /// on PostgreSQL their names (see <see cref="Bulk.ProvisioningLogNames"/>).
    /// </summary>
    public async Task AppendProvisioningLogsAsync(IEnumerable<ProvisioningLogEntry> rows, CancellationToken cancellationToken)
    {
        var bulk = Bulk.BulkInsert<ProvisioningLogEntry>.For(Model);
        if (Database.IsSqlServer())
        {
            await bulk.WriteAsync(this, rows.Select(StampAndGuard), cancellationToken);
            return;
        }

        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        if (Database.IsNpgsql())
        {
            var names = new Bulk.ProvisioningLogNames();
            await bulk.WriteAsync(this, rows.Select(StampAndGuard).Select(names.Collect), cancellationToken);
            await names.WriteAsync(this, cancellationToken);
        }
        else if (await bulk.WriteAsync(this, rows.Select(StampAndGuard), cancellationToken) is var (first, last))
        {
            IndexLogSearch(first, last);
        }

        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Inserts new linked objects and sets their ids (see <see cref="Bulk.BulkInsert{T}.InsertReadingIdsAsync"/>),
    /// within the current transaction, stamped with and guarded to this context's tenant. Where there is no bulk path
    /// they are added to the context, and the next SaveChanges writes them.
    /// </summary>
    public Task InsertLinkedObjectsAsync(IReadOnlyList<LinkedObject> rows, CancellationToken cancellationToken) =>
        Bulk.BulkInsert<LinkedObject>.For(Model).InsertReadingIdsAsync(this, [.. rows.Select(StampAndGuard)], cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<ProtectedSecret>().HaveConversion<ProtectedSecretConverter>();
        if (Database.IsSqlite())
        {
            // SQLite cannot compare or order DateTimeOffset values; stored as sortable integers instead (always UTC).
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        ProvisioningLogEntryConfiguration.ConfigureSearch(modelBuilder, Database);
        ProvisioningLogEntryConfiguration.ConfigureOpenFailures(modelBuilder, Database);
        ApplyTenantFilter<Application>(modelBuilder);
        ApplyTenantFilter<ProvisioningJob>(modelBuilder);
        ApplyTenantFilter<ObjectMapping>(modelBuilder);
        ApplyTenantFilter<AttributeMapping>(modelBuilder);
        ApplyTenantFilter<ScopingFilter>(modelBuilder);
        ApplyTenantFilter<LinkedObject>(modelBuilder);
        ApplyTenantFilter<Cycle>(modelBuilder);
        ApplyTenantFilter<ProvisioningLogEntry>(modelBuilder);
        ApplyTenantFilter<EscrowEntry>(modelBuilder);
        ApplyTenantFilter<AuditEvent>(modelBuilder);
        ApplyTenantFilter<Notification>(modelBuilder);
        ApplyTenantFilter<PortalUser>(modelBuilder);
        ApplyTenantFilter<ApiKey>(modelBuilder);
        if (Database.IsNpgsql())
        {
            ApplyTenantFilter<ProvisioningLogName>(modelBuilder);
        }

        StoreEnumsAsText(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var newLogs = StampAndGuardTenant();
        if (newLogs.Count == 0 || Database.IsSqlServer())
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        // New log rows and their search entries commit together.
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        IndexNewLogs(newLogs);
        own?.Commit();
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var newLogs = StampAndGuardTenant();
        if (newLogs.Count == 0 || Database.IsSqlServer())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await IndexNewLogsAsync(newLogs, cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return saved;
    }

    // Inside the transaction that saved them: PostgreSQL's names in one statement; SQLite's search entries one by one, as
    // EF's rows may carry ids their creator chose, so they need not be a range.
    private void IndexNewLogs(List<ProvisioningLogEntry> rows)
    {
        if (Database.IsNpgsql())
        {
            NamesOf(rows).Write(this);
        }
        else
        {
            rows.ForEach(e => IndexLogSearch(e.Id, e.Id));
        }
    }

    private Task IndexNewLogsAsync(List<ProvisioningLogEntry> rows, CancellationToken cancellationToken)
    {
        if (Database.IsNpgsql())
        {
            return NamesOf(rows).WriteAsync(this, cancellationToken);
        }

        IndexNewLogs(rows);
        return Task.CompletedTask;
    }

    private static Bulk.ProvisioningLogNames NamesOf(List<ProvisioningLogEntry> rows)
    {
        var names = new Bulk.ProvisioningLogNames();
        rows.ForEach(row => names.Collect(row));
        return names;
    }

    // Inside the transaction that inserted the rows.
    private void IndexLogSearch(long first, long last) =>
        Bulk.ProvisioningLogSearch.Index((SqliteConnection)Database.GetDbConnection(), (SqliteTransaction)Database.CurrentTransaction!.GetDbTransaction(),
            first, last);

    private void ApplyTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenantId);

    // Returns the log rows about to be inserted: their search entries (SQLite) or names (PostgreSQL) are the writer's to add.
    private List<ProvisioningLogEntry> StampAndGuardTenant()
    {
        var newLogs = new List<ProvisioningLogEntry>();
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            StampAndGuard(entry.Entity, added: entry.State == EntityState.Added, entry.Metadata.ClrType.Name);
            if (entry is { State: EntityState.Added, Entity: ProvisioningLogEntry log })
            {
                newLogs.Add(log);
            }
        }

        return newLogs;
    }

    private T StampAndGuard<T>(T entity) where T : ITenantOwned
    {
        StampAndGuard(entity, added: true, typeof(T).Name);
        return entity;
    }

    private void StampAndGuard(ITenantOwned entity, bool added, string typeName)
    {
        if (added && entity.TenantId == Guid.Empty && _tenantId is { } current)
        {
            entity.TenantId = current;
        }

        if (entity.TenantId != _tenantId)
        {
            throw new CrossTenantWriteException(typeName, entity.TenantId, _tenantId);
        }
    }

    // Enums as their names: readable in SQL, stable when members are reordered.
    private static void StoreEnumsAsText(ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (type.IsEnum)
            {
                property.SetProviderClrType(typeof(string));
                property.SetMaxLength(64);
            }
        }
    }
}
