using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>Narrows a query of the log, on the context it belongs to, to the entries a resolved search term finds.</summary>
internal delegate IQueryable<ProvisioningLogEntry> IdentityFilter(PortalDbContext db, IQueryable<ProvisioningLogEntry> query);

/// <summary>
/// The Logs page's identity search: the source or target display name contains the term, ignoring case (accents
/// count), or the source or target id is exactly the term. Each provider gets the shape its index serves: SQLite's
/// FTS5 trigram table, PostgreSQL's ILIKE on pg_trgm GIN indexes; SQL Server scans (its column collation decides case).
/// Trigrams need three characters: shorter terms keep the same meaning, listed from a name index on SQLite (see
/// <see cref="SqliteShortAsync"/>), first looked up among the log's distinct names on PostgreSQL, and scanned elsewhere.
/// </summary>
internal static class IdentitySearch
{
    private const int TrigramLength = 3;

    /// <summary>How many matches of a term too short for trigrams are listed before the search walks rows instead.</summary>
    internal const int ListedAtMost = 1000;

    /// <summary>
    /// Works out how to find the term's entries, reading what the search needs first (the listed matches of a short
    /// term on SQLite, the dictionary of names on PostgreSQL), and returns the filter to apply to each query of the
    /// page: the page and its count then share that work instead of each doing it.
    /// </summary>
    public static async Task<IdentityFilter> ResolveAsync(PortalDbContext db, string term, CancellationToken cancellationToken)
    {
        var tooShortForTrigrams = term.EnumerateRunes().Count() < TrigramLength;
        if (db.Database.IsSqlite())
        {
            return tooShortForTrigrams ? await SqliteShortAsync(db, term, cancellationToken) : (context, query) => SqliteIndexed(context, query, term);
        }

        if (db.Database.IsNpgsql())
        {
            var pattern = "%" + EscapeLike(term) + "%";
            // LIKE on names folded by lower() is what ILIKE does with each row's names (the tenant's filter applies).
            if (tooShortForTrigrams && !await db.Set<ProvisioningLogName>()
                    .FromSql($"""SELECT * FROM "ProvisioningLogNames" WHERE "LowerName" LIKE lower({pattern}) ESCAPE '\'""")
                    .AnyAsync(cancellationToken))
            {
                // No name of the tenant's log contains the term, so only an id can match; without this every row would
                // be read to find that out.
                return (_, query) => query.Where(e => e.SourceId == term || e.TargetId == term);
            }

            return (_, query) => query.Where(e => EF.Functions.ILike(e.SourceDisplayName!, pattern, "\\") || EF.Functions.ILike(e.TargetDisplayName!, pattern, "\\")
                || e.SourceId == term || e.TargetId == term);
        }

        return (_, query) => query.Where(e => e.SourceDisplayName!.Contains(term) || e.TargetDisplayName!.Contains(term) || e.SourceId == term || e.TargetId == term);
    }

    private static IQueryable<ProvisioningLogEntry> SqliteIndexed(PortalDbContext db, IQueryable<ProvisioningLogEntry> query, string term)
    {
        // A quoted FTS5 string is a phrase of the term's trigrams, in order: exactly "contains", case folded by the
        // table's tokenizer. The table comes from the migration ProvisioningLogSearchIndexes; the rows' writers fill it.
        var phrase = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        // The id matches join the set too, so the page walks its (tenant, date) index and only probes the set, without
        // reading each row to compare its ids.
        var hits = db.Database.SqlQuery<long>($"""
            SELECT rowid AS "Value" FROM "ProvisioningLogSearch" WHERE "ProvisioningLogSearch" MATCH {phrase}
            UNION ALL SELECT "Id" FROM "ProvisioningLogs" WHERE "SourceId" = {term}
            UNION ALL SELECT "Id" FROM "ProvisioningLogs" WHERE "TargetId" = {term}
            """);
        return query.Where(e => hits.Contains(e.Id));
    }

    /// <summary>
    /// A term too short for trigrams. Its name matches are first listed from the tenant's name index, which holds both
    /// names and is a fraction of the rows' size, stopping after <see cref="ListedAtMost"/>: a rare term (or none)
    /// then costs one pass over that index and the page reads only the listed rows, instead of every row of the tenant;
    /// a frequent term goes to the row walk, which fills a page after a few hundred rows.
    /// </summary>
    private static async Task<IdentityFilter> SqliteShortAsync(PortalDbContext db, string term, CancellationToken cancellationToken)
    {
        var nameMatches = NameContains(term);
        var names = await db.ProvisioningLogs
            .FromSql($"""SELECT * FROM "ProvisioningLogs" INDEXED BY "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id_TargetDisplayName" """)
            .AsNoTracking().Where(nameMatches).Select(e => e.Id).Take(ListedAtMost + 1).ToListAsync(cancellationToken);
        var ids = await db.ProvisioningLogs.AsNoTracking().Where(e => e.SourceId == term || e.TargetId == term).Select(e => e.Id)
            .Take(ListedAtMost + 1).ToListAsync(cancellationToken);
        if (names.Count > ListedAtMost || ids.Count > ListedAtMost)
        {
            var matches = nameMatches.Or(e => e.SourceId == term || e.TargetId == term);
            return (_, query) => query.Where(matches);
        }

        // Inlined, so SQLite reads the listed rows by id rather than walking the page's index and probing a set.
        var listed = names.Union(ids).ToArray();
        return (_, query) => query.Where(e => EF.Constant(listed).Contains(e.Id));
    }

    private static Expression<Func<ProvisioningLogEntry, bool>> NameContains(string term)
    {
        if (term.All(char.IsAscii))
        {
            // SQLite's LIKE folds ASCII case itself: one comparison per column instead of one per spelling.
            var pattern = "%" + EscapeLike(term) + "%";
            return e => EF.Functions.Like(e.SourceDisplayName!, pattern, "\\") || EF.Functions.Like(e.TargetDisplayName!, pattern, "\\");
        }

        // SQLite folds only ASCII letters (LIKE, lower()), so a one- or two-character term is matched in each of its
        // case spellings: at most four, all exact comparisons.
        var spellings = CaseSpellings(term);
        var (a, b, c, d) = (spellings[0], spellings[1 % spellings.Count], spellings[2 % spellings.Count], spellings[3 % spellings.Count]);
        return e =>
            e.SourceDisplayName!.Contains(a) || e.SourceDisplayName!.Contains(b) || e.SourceDisplayName!.Contains(c) || e.SourceDisplayName!.Contains(d)
            || e.TargetDisplayName!.Contains(a) || e.TargetDisplayName!.Contains(b) || e.TargetDisplayName!.Contains(c) || e.TargetDisplayName!.Contains(d);
    }

    /// <summary>Either condition, on one parameter, as a single expression EF can translate.</summary>
    private static Expression<Func<T, bool>> Or<T>(this Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var body = new ParameterSwap(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>Every lower/upper-case spelling of a term of at most two characters (the term itself first).</summary>
    internal static IReadOnlyList<string> CaseSpellings(string term)
    {
        var spellings = new List<string> { term };
        foreach (var first in Cases(term[0]))
        {
            if (term.Length == 1)
            {
                Add(first.ToString());
                continue;
            }

            foreach (var second in Cases(term[1]))
            {
                Add(string.Concat(first.ToString(), second.ToString(), term[2..]));
            }
        }

        return spellings;

        void Add(string spelling)
        {
            if (!spellings.Contains(spelling, StringComparer.Ordinal))
            {
                spellings.Add(spelling);
            }
        }
    }

    private static char[] Cases(char c) => [char.ToLowerInvariant(c), char.ToUpperInvariant(c)];

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
