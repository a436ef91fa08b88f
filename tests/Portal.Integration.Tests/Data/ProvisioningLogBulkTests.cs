using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Testing;

namespace Portal.Integration.Tests.Data;

/// <summary>The bulk path cycles write log rows with: what it writes reads back as EF would have written it.</summary>
public sealed class ProvisioningLogBulkTests
{
    private static readonly Guid Tenant = Guid.NewGuid();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AppendedRows_ReadBackWithEveryValue_AndCommitWithTheTransaction(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        var full = Entry("Zoë \"Quoted\", Ünal", status: ProvisioningLogStatus.Failure);
        full.TargetId = "2819c223-7f76-453a-919d-413861904646";
        full.TargetDisplayName = "line one\nline two, with comma";
        full.ErrorCode = "SystemForCrossDomainIdentityManagementBadResponse";
        full.ErrorReason = "";
        full.StepsJson = """[{"step":"Export","detail":"409 \"uniqueness\""}]""";
        full.ModifiedPropertiesJson = """[{"name":"userName","old":null,"new":"zoe@contoso.example"}]""";
        full.ReviewedAt = new DateTimeOffset(2026, 11, 20, 8, 30, 15, TimeSpan.Zero);
        full.ReviewedBy = "helpdesk@contoso.example";
        var bare = Entry("Plain Person");
        bare.TenantId = Guid.Empty; // stamped with the context's tenant, as SaveChanges does

        await using (var db = database.CreateContext(Tenant))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.AppendProvisioningLogsAsync([full, bare], ct);
            await transaction.CommitAsync(ct);
        }

        await using (var db = database.CreateContext(Tenant))
        {
            var rows = await db.ProvisioningLogs.AsNoTracking().OrderBy(e => e.SourceDisplayName).ToListAsync(ct);
            Assert.Equal(2, rows.Count);
            // The id is the database's; every other value reads back as written.
            Assert.NotEqual(0, rows[1].Id);
            full.Id = rows[1].Id;
            Assert.Equivalent(full, rows[1], strict: true);
            Assert.Equal(Tenant, rows[0].TenantId);
            Assert.Null(rows[0].TargetId);
            Assert.Equal("", rows[1].ErrorReason);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RowsOfAnotherTenant_AreRefused_AndARolledBackTransactionLeavesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.CreateContext(Tenant))
        {
            var foreign = Entry("Foreign");
            foreign.TenantId = Guid.NewGuid();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await Assert.ThrowsAsync<CrossTenantWriteException>(() => db.AppendProvisioningLogsAsync([Entry("Own"), foreign], ct));
        }

        await using (var db = database.CreateContext(Tenant))
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.AppendProvisioningLogsAsync([Entry("Rolled back")], ct);
                await transaction.RollbackAsync(ct);
            }

            Assert.Empty(await db.AcrossAllTenants<ProvisioningLogEntry>().ToListAsync(ct));
        }
    }

    [Fact]
    public async Task OnSqlite_AppendedRows_AreInTheNameSearchIndex()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.CreateContext(Tenant);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.AppendProvisioningLogsAsync([Entry("Agnieszka Nowak"), Entry("Megan Bowen")], ct);
            await transaction.CommitAsync(ct);
        }

        var found = await db.Database
            .SqlQuery<long>($"""SELECT rowid AS "Value" FROM "ProvisioningLogSearch" WHERE "ProvisioningLogSearch" MATCH '"nowak"'""")
            .ToListAsync(ct);
        var nowak = await db.ProvisioningLogs.SingleAsync(e => e.SourceDisplayName == "Agnieszka Nowak", ct);
        Assert.Equal([nowak.Id], found);
    }

    [Fact]
    public async Task OnSqlite_EveryWayOfWritingLogRows_KeepsTheSearchIndexExactlyInStepWithTheTable()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.CreateContext(Tenant);

        // Without a transaction of the caller's, through EF's SaveChanges, with an id chosen by its creator, and a
        // batch that rolls back.
        await db.AppendProvisioningLogsAsync([Entry("Agnieszka Nowak"), Entry("Megan Bowen")], ct);
        db.ProvisioningLogs.AddRange(Entry("Jan Nowakowski"), Entry("Lidia Holloway"));
        var chosen = Entry("Adele Vance");
        chosen.Id = 1_000;
        db.ProvisioningLogs.Add(chosen);
        await db.SaveChangesAsync(ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.AppendProvisioningLogsAsync([Entry("Rolled Nowak")], ct);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(["Agnieszka Nowak", "Jan Nowakowski"], await SearchAsync(db, "nowak", ct));
        Assert.Equal(["Adele Vance"], await SearchAsync(db, "vance", ct));
        await IntegrityCheckAsync(db, ct);

        // Retention deletes rows through the table's delete trigger; the index follows.
        await db.ProvisioningLogs.Where(e => e.SourceDisplayName!.StartsWith("Agnieszka")).ExecuteDeleteAsync(ct);
        Assert.Equal(["Jan Nowakowski"], await SearchAsync(db, "nowak", ct));
        await IntegrityCheckAsync(db, ct);
    }

    [Fact]
    public async Task OnPostgreSql_EveryWayOfWritingLogRows_PutsTheNamesOfCommittedRowsInTheTenantsDictionary()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await database.MigrateAsync();
        var ct = TestContext.Current.CancellationToken;
        var longName = "Jan " + string.Concat(Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString()));
        await using (var db = database.CreateContext(Tenant))
        {
            var withTarget = Entry("Agnieszka Nowak");
            withTarget.TargetDisplayName = "agnieszka.nowak@contoso.example";
            var folded = Entry("Zoë Ünal");
            folded.TargetDisplayName = "ZOË ÜNAL";
            await db.AppendProvisioningLogsAsync([withTarget, Entry("Megan Bowen"), Entry("Megan Bowen"), folded], ct);
            db.ProvisioningLogs.AddRange(Entry(longName), Entry("Agnieszka Nowak"));
            await db.SaveChangesAsync(ct);
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.AppendProvisioningLogsAsync([Entry("Rolled Back")], ct);
                await transaction.RollbackAsync(ct);
            }

            await db.ProvisioningLogs.Where(e => e.SourceDisplayName == "Megan Bowen")
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.SourceDisplayName, "Megan Bowen-Smith"), ct);
        }

        var other = Guid.NewGuid();
        await using (var db = database.CreateContext(other))
        {
            await db.AppendProvisioningLogsAsync([OtherTenantEntry(other, "Lidia Holloway")], ct);
        }

        await using (var db = database.CreateContext(Tenant))
        {
            // Each once, in lower case; the source and target name of a row that differ only in case are one name.
            var names = await db.Set<ProvisioningLogName>().Select(n => n.LowerName).ToListAsync(ct);
            string[] expected = ["agnieszka nowak", "agnieszka.nowak@contoso.example", longName.ToLowerInvariant(), "megan bowen", "megan bowen-smith", "zoë ünal"];
            Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
            var hashes = await db.Set<ProvisioningLogName>().Select(n => n.NameHash).ToListAsync(ct);
            Assert.All(hashes, h => Assert.Equal(32, h.Length));
        }
    }

    [Fact]
    public async Task OnPostgreSql_TheMigrationOfTheNameDictionary_ReadsTheRowsAlreadyThere()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.CreateContext(Tenant);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261123161956_WatermarkEntitlementDigest", ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ProvisioningLogs" ("TenantId", "JobId", "CycleId", "ChangeId", "ActivityDateTime", "DurationInMilliseconds",
                "Action", "Status", "IdentityType", "SourceId", "SourceDisplayName", "TargetDisplayName")
            VALUES ({Tenant}, {Guid.NewGuid()}, {Guid.NewGuid()}, {Guid.NewGuid()}, now(), 1, 'Create', 'Success', 'User', 's1', 'Lee Gu', 'lee.gu@contoso.example'),
                   ({Tenant}, {Guid.NewGuid()}, {Guid.NewGuid()}, {Guid.NewGuid()}, now(), 1, 'Create', 'Success', 'User', 's2', 'LEE GU', NULL)
            """, ct);

        await migrator.MigrateAsync(cancellationToken: ct);

        var names = await db.Set<ProvisioningLogName>().Select(n => n.LowerName).ToListAsync(ct);
        Assert.Equal(["lee gu", "lee.gu@contoso.example"], names.Order(StringComparer.Ordinal));
    }

    private static ProvisioningLogEntry OtherTenantEntry(Guid tenant, string name)
    {
        var entry = Entry(name);
        entry.TenantId = tenant;
        return entry;
    }

    private static async Task<List<string?>> SearchAsync(PortalDbContext db, string term, CancellationToken ct)
    {
        var phrase = "\"" + term + "\"";
        var hits = db.Database.SqlQuery<long>($"""SELECT rowid AS "Value" FROM "ProvisioningLogSearch" WHERE "ProvisioningLogSearch" MATCH {phrase}""");
        return await db.ProvisioningLogs.Where(e => hits.Contains(e.Id)).OrderBy(e => e.SourceDisplayName).Select(e => e.SourceDisplayName).ToListAsync(ct);
    }

    // FTS5's own check of an external-content index against its table: it fails on a missing, extra or stale entry.
    private static Task IntegrityCheckAsync(PortalDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""INSERT INTO "ProvisioningLogSearch"("ProvisioningLogSearch", rank) VALUES ('integrity-check', 1)""", ct);

    private static ProvisioningLogEntry Entry(string name, ProvisioningLogStatus status = ProvisioningLogStatus.Success) => new()
    {
        TenantId = Tenant,
        JobId = Guid.NewGuid(),
        CycleId = Guid.NewGuid(),
        ActivityDateTime = new DateTimeOffset(2026, 11, 23, 17, 4, 5, 123, TimeSpan.Zero),
        DurationInMilliseconds = 42,
        Action = ProvisioningAction.Create,
        Status = status,
        IdentityType = ObjectKind.User,
        SourceId = Guid.NewGuid().ToString(),
        SourceDisplayName = name,
    };
}
