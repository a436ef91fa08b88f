using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Testing;

namespace Portal.Integration.Tests.Data;

public sealed class TenantIsolationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Queries_SeeOnlyOwnTenant_AndWritesToAnotherTenantAreRefused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var (tenant, name) in new[] { (a, "Contoso"), (b, "Fabrikam") })
        {
            await using var db = database.CreateContext(tenant);
            db.Tenants.Add(new Tenant { Id = tenant, DirectoryId = tenant.ToString(), DisplayName = name });
            db.Applications.Add(new Application { DisplayName = $"{name} GoTo", TemplateId = "goto-meeting" });
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.CreateContext(a))
        {
            var apps = await db.Applications.ToListAsync(ct);
            Assert.Equal("Contoso GoTo", Assert.Single(apps).DisplayName);
            Assert.Equal(2, await db.AcrossAllTenants<Application>().CountAsync(ct));

            var foreign = await db.AcrossAllTenants<Application>().SingleAsync(x => x.TenantId == b, ct);
            foreign.DisplayName = "hijacked";
            await Assert.ThrowsAsync<CrossTenantWriteException>(() => db.SaveChangesAsync(ct));
        }

        await using (var db = database.CreateContext(tenantId: null))
        {
            Assert.Empty(await db.Applications.ToListAsync(ct));
        }
    }
}
