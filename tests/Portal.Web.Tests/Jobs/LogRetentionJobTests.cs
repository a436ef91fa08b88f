using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets.Scim;
using Portal.Testing;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Jobs;

public sealed class LogRetentionJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_RegistersTheDailyPurge_WithTheConfiguredSchedule()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database, new() { ["Portal:Retention:Cron"] = "0 4 * * *" });

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var purge = Assert.Single(connection.GetRecurringJobs(), r => r.Id == LogRetentionJob.RecurringId);
        Assert.Equal("0 4 * * *", purge.Cron);
        Assert.Equal(nameof(LogRetentionJob.PurgeAsync), purge.Job.Method.Name);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task PurgeAsync_DeletesEntriesOlderThanTheRetention_OfEveryTenant()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database, new() { ["Portal:Retention:LogDays"] = "30" });
        var now = DateTimeOffset.UtcNow;
        var contoso = await SeedAsync(database, now, 5, 29, 31, 200);
        var fabrikam = await SeedAsync(database, now, 1, 45);

        var deleted = await host.Services.GetRequiredService<LogRetentionJob>().PurgeAsync(Ct);

        Assert.Equal(3, deleted);
        var contosoAges = await AgesAsync(database, contoso);
        var fabrikamAges = await AgesAsync(database, fabrikam);
        Assert.Equal(new[] { 5, 29 }, contosoAges);
        Assert.Equal(new[] { 1 }, fabrikamAges);
        Assert.Equal(90, new RetentionSettings().LogDays);
        await host.StopAsync(Ct);
    }

    private static async Task<IHost> StartHostAsync(TestDatabase database, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPortalData(database.Settings);
        builder.Services.AddIsolatedHangfire();
        builder.Services.AddGraphDirectorySource();
        builder.Services.AddScimTargets();
        builder.Services.AddProvisioning();
        builder.AddPortalJobs();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<Guid> SeedAsync(TestDatabase database, DateTimeOffset now, params int[] agesInDays)
    {
        var tenant = new Tenant { DirectoryId = Guid.NewGuid().ToString(), DisplayName = "Tenant", CreatedAt = now };
        await using var db = database.CreateContext(tenant.Id);
        db.Tenants.Add(tenant);
        foreach (var age in agesInDays)
        {
            db.ProvisioningLogs.Add(new ProvisioningLogEntry
            {
                JobId = Guid.NewGuid(), CycleId = Guid.NewGuid(), SourceId = $"age-{age}", ActivityDateTime = now.AddDays(-age),
            });
        }

        await db.SaveChangesAsync(Ct);
        return tenant.Id;
    }

    private static async Task<int[]> AgesAsync(TestDatabase database, Guid tenantId)
    {
        await using var db = database.CreateContext(tenantId);
        var sources = await db.ProvisioningLogs.Select(l => l.SourceId).ToListAsync(Ct);
        return [.. sources.Select(s => int.Parse(s[4..], System.Globalization.CultureInfo.InvariantCulture)).Order()];
    }
}
