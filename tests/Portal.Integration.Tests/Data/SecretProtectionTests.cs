using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Testing;

namespace Portal.Integration.Tests.Data;

public sealed class SecretProtectionTests
{
    [Fact]
    public async Task StoredSecret_IsNotReadableInDatabaseFile_AndUnprotectsWithKeysFromDatabase()
    {
        const string plaintext = "GoTo-Admin-P@ssw0rd-4d1c9";
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var tenantId = Guid.NewGuid();
        var ct = TestContext.Current.CancellationToken;

        await using (var services = BuildServices(database, tenantId))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<SecretProtector>();
            db.Tenants.Add(new Tenant { Id = tenantId, DirectoryId = "dir-1", DisplayName = "Contoso" });
            var app = new Application { DisplayName = "GoTo", TemplateId = "goto-meeting" };
            app.ProvisioningJob = new ProvisioningJob { Target = { Secret = protector.Protect(plaintext) } };
            db.Applications.Add(app);
            await db.SaveChangesAsync(ct);
            Assert.Equal(ProtectedSecret.Placeholder, app.ProvisioningJob.Target.Secret!.ToString());
        }

        SqliteFlush();
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Settings.ConnectionString).DataSource;
        var bytes = await File.ReadAllBytesAsync(file, ct);
        Assert.DoesNotContain(plaintext, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain(plaintext, Encoding.Unicode.GetString(bytes), StringComparison.Ordinal);

        // A new service provider has no keys in memory: it must read them from the database to decrypt.
        await using (var services = BuildServices(database, tenantId))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var job = await db.ProvisioningJobs.SingleAsync(ct);
            Assert.Equal(plaintext, scope.ServiceProvider.GetRequiredService<SecretProtector>().Unprotect(job.Target.Secret!));
            Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync(ct));
        }
    }

    private static ServiceProvider BuildServices(TestDatabase database, Guid tenantId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData(database.Settings);
        services.AddScoped<ITenantContext>(_ => TenantContext.For(tenantId));
        return services.BuildServiceProvider();
    }

    private static void SqliteFlush()
    {
        // Close pooled connections so the WAL is checkpointed into the main file before it is scanned.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
