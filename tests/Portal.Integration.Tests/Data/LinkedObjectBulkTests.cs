using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Testing;

namespace Portal.Integration.Tests.Data;

/// <summary>
/// The path a cycle's writer inserts new links with: each link gets the id the database gave it, reads back as EF
/// would have written it, leaves EF's later inserts their own ids, and the store's uniqueness guard against duplicate
/// creates still holds.
/// </summary>
public sealed class LinkedObjectBulkTests
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly Guid Job = Guid.NewGuid();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task InsertedLinks_GetTheirDatabaseIds_AndReadBackWithEveryValue(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        var full = Link("user-1");
        full.TargetId = "2819c223-7f76-453a-919d-413861904646";
        full.DisplayName = "Zoë \"Quoted\", Ünal";
        full.State = LinkState.Disabled;
        full.ExportedValuesJson = """{"userName":"zoe@contoso.example","active":false}""";
        full.ExportedHash = "3f2a";
        full.LastExportedAt = new DateTimeOffset(2026, 12, 4, 8, 30, 15, TimeSpan.Zero);
        var bare = Link("user-2");
        bare.TenantId = Guid.Empty; // stamped with the context's tenant, as SaveChanges does

        await using (var db = database.CreateContext(Tenant))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.InsertLinkedObjectsAsync([full, bare], ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await using (var db = database.CreateContext(Tenant))
        {
            var rows = await db.LinkedObjects.AsNoTracking().OrderBy(l => l.SourceId).ToListAsync(ct);
            Assert.Equal([full.Id, bare.Id], rows.Select(l => l.Id));
            Assert.NotEqual(full.Id, bare.Id);
            Assert.Equivalent(full, rows[0], strict: true);
            Assert.Equal(Tenant, rows[1].TenantId);
        }

        // A link inserted this way is updated by EF like any other.
        await using (var db = database.CreateContext(Tenant))
        {
            full.State = LinkState.Active;
            db.LinkedObjects.Update(full);
            await db.SaveChangesAsync(ct);
            Assert.Equal(LinkState.Active, (await db.LinkedObjects.AsNoTracking().SingleAsync(l => l.Id == full.Id, ct)).State);
        }

        // EF's own inserts get ids after the ones handed out here, never one of them.
        await using (var db = database.CreateContext(Tenant))
        {
            var later = Link("user-3");
            db.LinkedObjects.Add(later);
            await db.SaveChangesAsync(ct);
            Assert.True(later.Id > Math.Max(full.Id, bare.Id), $"EF gave id {later.Id} after {full.Id} and {bare.Id}.");
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ASecondLinkForTheSameSourceObject_IsRefused_AndRowsOfAnotherTenantToo(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.CreateContext(Tenant))
        {
            await db.InsertLinkedObjectsAsync([Link("user-1")], ct);
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.CreateContext(Tenant))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var duplicate = Record.ExceptionAsync(async () =>
            {
                await db.InsertLinkedObjectsAsync([Link("user-2"), Link("user-1")], ct);
                await db.SaveChangesAsync(ct);
            });
            Assert.NotNull(await duplicate);
        }

        await using (var db = database.CreateContext(Tenant))
        {
            var foreign = Link("user-3");
            foreign.TenantId = Guid.NewGuid();
            await Assert.ThrowsAsync<CrossTenantWriteException>(() => db.InsertLinkedObjectsAsync([foreign], ct));
            Assert.Equal(["user-1"], await db.AcrossAllTenants<LinkedObject>().Select(l => l.SourceId).ToListAsync(ct));
        }
    }

    private static LinkedObject Link(string sourceId) => new() { TenantId = Tenant, JobId = Job, Kind = ObjectKind.User, SourceId = sourceId };
}
