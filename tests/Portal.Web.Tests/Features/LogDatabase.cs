using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Testing;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

/// <summary>A migrated SQLite or PostgreSQL database with one tenant, and the Logs page's query scoped to it.</summary>
internal sealed class LogDatabase : IAsyncDisposable, IDbContextFactory<PortalDbContext>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;

    // The meters the query reports its durations to; a test may listen to them.
    private readonly ServiceProvider _meters;

    private LogDatabase(TestDatabase database)
    {
        _database = database;
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Meters = _meters.GetRequiredService<IMeterFactory>();
        Query = new ProvisioningLogQuery(this, new LogQueryMetrics(Meters));
    }

    public Guid TenantId { get; } = Guid.NewGuid();

    public Guid JobId { get; } = Guid.NewGuid();

    public ProvisioningLogQuery Query { get; }

    public IMeterFactory Meters { get; }

    public static async Task<LogDatabase> CreateAsync(DatabaseProvider provider)
    {
        var logs = new LogDatabase(await TestDatabase.CreateAsync(provider));
        await logs._database.MigrateAsync();
        await using var db = logs._database.CreateContext();
        db.Tenants.Add(new Tenant { Id = logs.TenantId, DirectoryId = "contoso", DisplayName = "Contoso", CreatedAt = Start });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return logs;
    }

    public PortalDbContext CreateDbContext() => _database.CreateContext(TenantId);

    public async Task AddAsync(IEnumerable<ProvisioningLogEntry> entries)
    {
        await using var db = CreateDbContext();
        db.ProvisioningLogs.AddRange(entries);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public ProvisioningLogEntry Entry(string? name, Guid? cycle = null, DateTimeOffset? at = null, ProvisioningAction action = ProvisioningAction.Create,
        ProvisioningLogStatus status = ProvisioningLogStatus.Success, string? targetName = null, string? sourceId = null, string? targetId = null) => new()
    {
        JobId = JobId,
        CycleId = cycle ?? Guid.Empty,
        ActivityDateTime = at ?? Start,
        Action = action,
        Status = status,
        SourceId = sourceId ?? Guid.NewGuid().ToString(),
        SourceDisplayName = name,
        TargetId = targetId,
        TargetDisplayName = targetName,
        ErrorCode = status == ProvisioningLogStatus.Failure ? "Conflict" : null,
    };

    public async ValueTask DisposeAsync()
    {
        await _meters.DisposeAsync();
        await _database.DisposeAsync();
    }
}
