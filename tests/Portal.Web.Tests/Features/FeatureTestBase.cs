using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Testing;
using Portal.Web.Features;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>The feature services on a migrated SQLite database, scoped to one tenant, with a fake clock.</summary>
public abstract class FeatureTestBase : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateSqlite();
    private ServiceProvider? _services;
    private AsyncServiceScope _scope;

    protected Guid TenantId { get; } = Guid.NewGuid();

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    protected TestDatabase Database => _database;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        await _database.MigrateAsync();
        await using (var db = _database.CreateContext())
        {
            db.Tenants.Add(new Tenant { Id = TenantId, DirectoryId = "contoso", DisplayName = "Contoso", CreatedAt = Clock.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddPortalData(_database.Settings);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
        // The feature tests' sandbox targets listen on loopback, as in the embedded default.
        services.AddSingleton(new EngineOptions { AllowPrivateNetworkTargets = true });
        services.AddPortalFeatures();
        _services = services.BuildServiceProvider();
        _scope = _services.CreateAsyncScope();
        // Signed in as the tenant's admin, as a request or circuit would be: the tenant and the audit's actor follow.
        _scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(TenantId, PortalRoles.TenantAdmin));
    }

    protected PortalDbContext CreateContext() => _database.CreateContext(TenantId);

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
