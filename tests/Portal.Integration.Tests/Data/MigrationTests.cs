using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Testing;

namespace Portal.Integration.Tests.Data;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrate_CreatesSchemaThatRoundTripsAJob_OnEmptyDatabase(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;

        var tenant = new Tenant { DirectoryId = Guid.NewGuid().ToString(), DisplayName = "Contoso", CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = database.CreateContext(tenant.Id))
        {
            db.Tenants.Add(tenant);
            var app = new Application { DisplayName = "GoTo Meeting", TemplateId = "goto-meeting", CreatedAt = DateTimeOffset.UtcNow };
            app.ProvisioningJob = new ProvisioningJob
            {
                Mode = ProvisioningMode.Automatic,
                NotificationEmail = "alerts@contoso.com",
                Target = { BaseUrl = "https://api.goto.example/scim/v2", DialectPreset = "goto" },
                ObjectMappings =
                [
                    new ObjectMapping
                    {
                        Name = "Provision Microsoft Entra ID Users",
                        SourceObject = ObjectKind.User,
                        TargetObjectName = "urn:ietf:params:scim:schemas:core:2.0:User",
                        AttributeMappings = [new AttributeMapping { TargetAttribute = "userName", Source = "userPrincipalName", IsMatching = true, MatchingPrecedence = 1 }],
                        ScopingFilters = [new ScopingFilter { Name = "Sales", Clauses = [new ScopingFilterClause { SourceAttribute = "department", Operator = "EQUALS", Value = "Sales" }] }],
                    },
                ],
            };
            db.Applications.Add(app);
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.CreateContext(tenant.Id))
        {
            var job = await db.ProvisioningJobs
                .Include(j => j.Application)
                .Include(j => j.ObjectMappings).ThenInclude(m => m.AttributeMappings)
                .Include(j => j.ObjectMappings).ThenInclude(m => m.ScopingFilters)
                .SingleAsync(ct);
            Assert.Equal("GoTo Meeting", job.Application!.DisplayName);
            Assert.Equal(ProvisioningMode.Automatic, job.Mode);
            Assert.Equal(TimeSpan.FromMinutes(20), job.Interval);
            Assert.Equal("goto", job.Target.DialectPreset);
            var mapping = Assert.Single(job.ObjectMappings);
            Assert.Equal("userPrincipalName", Assert.Single(mapping.AttributeMappings).Source);
            Assert.Equal("Sales", Assert.Single(Assert.Single(mapping.ScopingFilters).Clauses).Value);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Model_HasNoChangesMissingAMigration_ForEachProvider(DatabaseProvider provider)
    {
        // Building the model needs no server; only the provider's conventions.
        using var db = ContextFor(provider);
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes without a {provider} migration.");
    }

    [Fact]
    public void IdempotentScript_IsGenerated_ForSqlServer()
    {
        using var db = ContextFor(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        // Idempotent: the history table is created only if missing, and each statement of a migration runs only if
        // that migration is not yet recorded, so the script can be run twice.
        Assert.Contains("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script, StringComparison.Ordinal);
        var initial = db.Database.GetMigrations().First();
        var guard = $"IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{initial}'\n)";
        var createJobs = script.IndexOf("CREATE TABLE [ProvisioningJobs]", StringComparison.Ordinal);
        var guarded = script.LastIndexOf(guard, createJobs, StringComparison.Ordinal);
        Assert.True(guarded > 0, "CREATE TABLE is not guarded by the migration history check.");
        Assert.Equal("\nBEGIN\n    ", script[(guarded + guard.Length)..createJobs]);
        Assert.Contains("CREATE TABLE [ProvisioningJobs]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [ProvisioningLogs]", script, StringComparison.Ordinal);
    }

    private static PortalDbContext ContextFor(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=model-check.db",
            DatabaseProvider.SqlServer => "Server=localhost;Database=Portal;TrustServerCertificate=True",
            _ => "Host=localhost;Database=portal",
        };
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DatabaseSettings.For(provider, connectionString, Path.GetTempPath()).Configure(options);
        return new PortalDbContext(options.Options, new Portal.Data.Tenancy.TenantContext());
    }
}
