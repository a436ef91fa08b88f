using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

/// <summary>The Logs page's identity search, on the real indexes: FTS5 trigrams on SQLite, pg_trgm on PostgreSQL.</summary>
public sealed class IdentitySearchTests
{
    private static readonly (string? Source, string? Target, string SourceId, string? TargetId)[] Identities =
    [
        ("Adele Vance", "adele.vance@contoso.test", "src-adele", "tgt-1001"),
        ("Lee Gu", "lee.gu@contoso.test", "src-lee", "tgt-1002"),
        ("Jürgen Müller", "juergen.mueller@contoso.test", "src-juergen", "tgt-1003"),
        ("Zoë Sørensen", null, "src-zoe", null),
        ("Ωmega Team", "omega@contoso.test", "src-omega", "tgt-1004"),
        ("Dwayne \"The Rock\" Johnson", "dwayne@contoso.test", "src-dwayne", "tgt-1005"),
        ("load_test 100% done", "load@contoso.test", "src-load", "tgt-1006"),
        (null, "svc_account@contoso.test", "src-service", "tgt-1007"),
        // Ids as short as a term too short for trigrams, which no name contains.
        ("Service Desk", null, "42", "q7"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_MatchesNamesIgnoringCaseAndIdsExactly_ForLongShortAndSpecialTerms(DatabaseProvider provider)
    {
        await using var logs = await LogDatabase.CreateAsync(provider);
        await logs.AddAsync(Identities.Select(i => logs.Entry(i.Source, targetName: i.Target, sourceId: i.SourceId, targetId: i.TargetId)));
        string[] terms =
        [
            // Three characters or more: served by the trigram indexes.
            "adele", "VANCE", "contoso", "müller", "MÜLLER", "Muller", "SØREN", "ωMEGA", "\"The Rock\"", "\"the", "100%", "d_t",
            "src-lee", "tgt-1003", "src-le", "' OR 1=1 --",
            // Shorter: no trigram to look up, so the same meaning by other means (on PostgreSQL the dictionary of names
            // first, which answers a term no name contains: then only an id can match, exactly).
            "gu", "GU", "e", "ü", "Ü", "ø", "Ω", "ω", "_", "%", "\"", "zq", "42", "Q7", "q7", "4",
        ];

        foreach (var term in terms)
        {
            var page = await logs.Query.PageAsync(new LogFilter { Identity = term }, 0, 50, null, true, Ct);

            var expected = Identities.Where(i => Contains(i.Source, term) || Contains(i.Target, term) || i.SourceId == term || i.TargetId == term)
                .Select(i => i.SourceId).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, page.Items.Select(e => e.SourceId).Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(expected.Length, page.TotalItems);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_FollowsRenamesAndDeletes_WhenRowsChangeAfterWriting(DatabaseProvider provider)
    {
        await using var logs = await LogDatabase.CreateAsync(provider);
        await logs.AddAsync([logs.Entry("Adele Vance"), logs.Entry("Alex Wilber"), logs.Entry("Megan Bowen")]);
        await using (var db = logs.CreateDbContext())
        {
            await db.ProvisioningLogs.Where(e => e.SourceDisplayName == "Alex Wilber").ExecuteUpdateAsync(s => s.SetProperty(e => e.SourceDisplayName, "Alexandra Wilber"), Ct);
            await db.ProvisioningLogs.Where(e => e.SourceDisplayName == "Megan Bowen").ExecuteDeleteAsync(Ct);
            // Reviewing a failure touches other columns only; the search must not notice.
            await db.ProvisioningLogs.ExecuteUpdateAsync(s => s.SetProperty(e => e.ReviewedBy, "helpdesk@contoso.test"), Ct);
        }

        Assert.Equal(["Alexandra Wilber"], await NamesAsync(logs, "alexandra"));
        Assert.Equal(["Alexandra Wilber"], await NamesAsync(logs, "wilber"));
        // Too short for trigrams: on PostgreSQL the dictionary of names followed the rename.
        Assert.Equal(["Alexandra Wilber"], await NamesAsync(logs, "ra"));
        Assert.Empty(await NamesAsync(logs, "bowen"));
        Assert.Equal(["Adele Vance"], await NamesAsync(logs, "vance"));
        if (provider == DatabaseProvider.Sqlite)
        {
            // FTS5 compares its index with the log table row by row and fails the statement on any difference.
            await using var db = logs.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "ProvisioningLogSearch"("ProvisioningLogSearch", rank) VALUES ('integrity-check', 1)""", Ct);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_FindsEveryMatchOfAShortTerm_WhenItIsTooFrequentToList(DatabaseProvider provider)
    {
        await using var logs = await LogDatabase.CreateAsync(provider);
        var frequent = IdentitySearch.ListedAtMost + 50;
        await logs.AddAsync(Enumerable.Range(0, frequent).Select(i => logs.Entry($"Lee Gu {i}", at: LogDatabase.Start.AddSeconds(i)))
            .Concat(Enumerable.Range(0, 200).Select(i => logs.Entry($"Adele Vance {i}", at: LogDatabase.Start.AddSeconds(i)))));

        var gu = await logs.Query.PageAsync(new LogFilter { Identity = "gU" }, 0, 25, null, true, Ct);
        var nc = await logs.Query.PageAsync(new LogFilter { Identity = "NC" }, 0, 25, null, true, Ct);

        // Past the listing's limit the rows are walked: the newest first, and every one counted.
        Assert.Equal(frequent, gu.TotalItems);
        Assert.Equal(Enumerable.Range(frequent - 25, 25).Reverse().Select(i => $"Lee Gu {i}"), gu.Items.Select(e => e.SourceDisplayName));
        // Below it the matches are listed and read by id, in the same order.
        Assert.Equal(200, nc.TotalItems);
        Assert.Equal(Enumerable.Range(175, 25).Reverse().Select(i => $"Adele Vance {i}"), nc.Items.Select(e => e.SourceDisplayName));
    }

    [Theory]
    [InlineData("a", new[] { "a", "A" })]
    [InlineData("Gu", new[] { "Gu", "gu", "gU", "GU" })]
    [InlineData("ü1", new[] { "ü1", "Ü1" })]
    [InlineData("%", new[] { "%" })]
    public void CaseSpellings_ListsEachCaseOnce_ForShortTerms(string term, string[] expected) =>
        Assert.Equal(expected, IdentitySearch.CaseSpellings(term));

    private static bool Contains(string? text, string term) => text?.Contains(term, StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<string[]> NamesAsync(LogDatabase logs, string term) =>
        [.. (await logs.Query.PageAsync(new LogFilter { Identity = term }, 0, 50, null, true, Ct)).Items.Select(e => e.SourceDisplayName!)];
}
