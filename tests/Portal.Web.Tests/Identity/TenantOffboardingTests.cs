using System.Reflection;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Testing;
using Portal.Web.Audit;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Identity;

public sealed class TenantOffboardingTests
{
    private static readonly MethodInfo CountOwned = typeof(TenantOffboardingTests).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Offboard_LeavesNoRowOfTheTenant_InAnyTenantOwnedTable_AndKeepsOtherTenants(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var protector = new SecretProtector(DataProtectionProvider.Create("offboarding-tests"));
        var leaving = await SeedTenantAsync(database, protector, "Fabrikam");
        var staying = await SeedTenantAsync(database, protector, "Contoso");
        var home = await SeedTenantAsync(database, protector, "Operators");
        // Built as the other tests build Hangfire: its log provider is process-wide and bound to this provider first.
        await using var hangfire = new ServiceCollection().AddLogging().AddIsolatedHangfire().BuildServiceProvider();
        var storage = hangfire.GetRequiredService<JobStorage>();
        var recurring = new RecurringJobManager(storage);
        foreach (var jobId in leaving.JobIds.Concat(staying.JobIds))
        {
            recurring.AddOrUpdate<ProvisioningCycleJob>(ProvisioningScheduler.RecurringId(jobId),
                j => j.RunAsync(Guid.Empty, jobId, CycleTrigger.Schedule, CancellationToken.None), "*/40 * * * *");
        }

        await using var db = database.CreateContext();
        var types = TenantOffboarding.DeletionOrder(db.Model);
        // Every table with a TenantId column is tenant-owned (so off-boarding finds it), and the seed covers each one.
        Assert.All(db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.FindProperty(nameof(ITenantOwned.TenantId)) is not null),
            t => Assert.Contains(t, types));
        foreach (var type in types)
        {
            Assert.True(await CountFor(db, type.ClrType, leaving.TenantId) > 0, $"The seed has no {type.ClrType.Name} row; add one so off-boarding is proven for it.");
        }

        var before = new Dictionary<Type, int>();
        foreach (var type in types)
        {
            before[type.ClrType] = await CountFor(db, type.ClrType, staying.TenantId);
        }

        var services = new ServiceCollection().AddSingleton<IRecurringJobManager>(recurring).BuildServiceProvider();
        var operatorUser = new SignedInUser(Guid.NewGuid(), "op-oid", "Olga Operator", "dir", home.TenantId, leaving.TenantId,
            new HashSet<string> { PortalRoles.Operator }, new HashSet<string>(), "session", SignInMethod.Dev);
        var offboarding = new TenantOffboarding(new TenantDbContexts(database.Settings),
            new AuditLog(new CurrentUser(new TenantContext()), TimeProvider.System), services);

        var result = await offboarding.OffboardAsync(leaving.TenantId, operatorUser, Ct);

        Assert.True(result.DeletedRows.Values.Sum() > types.Count);
        foreach (var type in types)
        {
            Assert.Equal(0, await CountFor(db, type.ClrType, leaving.TenantId));
            Assert.Equal(before[type.ClrType], await CountFor(db, type.ClrType, staying.TenantId));
        }

        Assert.False(await db.Tenants.AnyAsync(t => t.Id == leaving.TenantId, Ct));
        Assert.True(await db.Tenants.AnyAsync(t => t.Id == staying.TenantId, Ct));
        using var connection = storage.GetConnection();
        var scheduled = connection.GetRecurringJobs().Select(r => r.Id).ToList();
        Assert.All(leaving.JobIds, id => Assert.DoesNotContain(ProvisioningScheduler.RecurringId(id), scheduled));
        Assert.All(staying.JobIds, id => Assert.Contains(ProvisioningScheduler.RecurringId(id), scheduled));

        var record = await db.AcrossAllTenants<AuditEvent>().SingleAsync(a => a.Activity == AuditActivities.OffboardTenant, Ct);
        Assert.Equal(home.TenantId, record.TenantId);
        Assert.Equal(leaving.TenantId.ToString(), record.TargetId);
        Assert.Equal("op-oid", record.ActorId);
        Assert.DoesNotContain("Fabrikam", record.ChangesJson ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offboard_IsRefused_ForTheOperatorsOwnTenantAndForNonOperators()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var home = await SeedTenantAsync(database, new SecretProtector(DataProtectionProvider.Create("offboarding-tests")), "Operators");
        var offboarding = new TenantOffboarding(new TenantDbContexts(database.Settings),
            new AuditLog(new CurrentUser(new TenantContext()), TimeProvider.System), new ServiceCollection().BuildServiceProvider());
        SignedInUser User(string role) => new(Guid.NewGuid(), "oid", "Someone", "dir", home.TenantId, home.TenantId,
            new HashSet<string> { role }, new HashSet<string>(), "session", SignInMethod.Dev);

        await Assert.ThrowsAsync<RoleAssignmentException>(() => offboarding.OffboardAsync(home.TenantId, User(PortalRoles.Operator), Ct));
        await Assert.ThrowsAsync<RoleAssignmentException>(() => offboarding.OffboardAsync(Guid.NewGuid(), User(PortalRoles.TenantAdmin), Ct));
        await using var db = database.CreateContext(home.TenantId);
        Assert.True(await db.ProvisioningJobs.AnyAsync(Ct));
    }

    private static async Task<(Guid TenantId, List<Guid> JobIds)> SeedTenantAsync(TestDatabase database, SecretProtector protector, string name)
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant { DirectoryId = Guid.NewGuid().ToString(), DisplayName = name, CreatedAt = now, WebhookUrl = "https://hooks.example/x" };
        tenant.WebhookSecret = protector.Protect("webhook-secret");
        tenant.Directory.ClientId = "client";
        tenant.Directory.ClientSecret = protector.Protect("graph-secret");
        await using var db = database.CreateContext(tenant.Id);
        db.Tenants.Add(tenant);
        var job = new ProvisioningJob { Status = ProvisioningStatus.On, Mode = ProvisioningMode.Automatic, CreatedAt = now };
        job.Target.BaseUrl = "https://scim.example/scim";
        job.Target.Secret = protector.Protect("scim-token");
        var mapping = new ObjectMapping { Name = "Users", TargetObjectName = "User", JobId = job.Id };
        mapping.AttributeMappings.Add(new AttributeMapping { TargetAttribute = "userName", Source = "userPrincipalName" });
        mapping.ScopingFilters.Add(new ScopingFilter { Name = "Sales", Clauses = [new() { SourceAttribute = "department", Operator = "EQUALS", Value = "Sales" }] });
        job.ObjectMappings.Add(mapping);
        db.Applications.Add(new Application { DisplayName = name + " app", TemplateId = "scim", CreatedAt = now, ProvisioningJob = job });
        var cycleId = Guid.NewGuid();
        db.Cycles.Add(new Cycle { Id = cycleId, JobId = job.Id, StartedAt = now });
        db.LinkedObjects.Add(new LinkedObject { JobId = job.Id, SourceId = "u1", TargetId = "t1" });
        db.ProvisioningLogs.Add(new ProvisioningLogEntry { JobId = job.Id, CycleId = cycleId, ActivityDateTime = now, SourceId = "u1", SourceDisplayName = name + " Person" });
        db.EscrowEntries.Add(new EscrowEntry { JobId = job.Id, SourceId = "u2", FirstFailedAt = now, LastFailedAt = now, NextAttemptAt = now });
        db.AuditEvents.Add(new AuditEvent { OccurredAt = now, ActorId = "admin", Activity = "Add application" });
        db.Notifications.Add(new Notification { JobId = job.Id, Kind = "ObjectsFailed", Title = "Failed", Body = "1 object failed", CreatedAt = now });
        db.PortalUsers.Add(new PortalUser { UserPrincipalName = $"admin@{name}.example", Roles = [PortalRoles.TenantAdmin], CreatedAt = now });
        db.ApiKeys.Add(new ApiKey { Name = "Monitoring", Prefix = Guid.NewGuid().ToString("N")[..12], Hash = new string('0', 64), CreatedAt = now, ExpiresAt = now.AddDays(30) });
        await db.SaveChangesAsync(Ct);
        return (tenant.Id, [job.Id]);
    }

    private static Task<int> CountFor(PortalDbContext db, Type type, Guid tenantId) =>
        (Task<int>)CountOwned.MakeGenericMethod(type).Invoke(null, [db, tenantId])!;

    private static Task<int> CountAsync<T>(PortalDbContext db, Guid tenantId) where T : class, ITenantOwned =>
        db.AcrossAllTenants<T>().CountAsync(e => e.TenantId == tenantId, Ct);
}
