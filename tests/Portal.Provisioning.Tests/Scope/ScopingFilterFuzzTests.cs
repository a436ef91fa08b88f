using System.Diagnostics;
using Portal.Data.Entities;
using Portal.Provisioning.Scope;

namespace Portal.Provisioning.Tests.Scope;

/// <summary>
/// Random scoping filters — clauses, operators (valid, mis-cased and unknown), values, hostile regexes with
/// catastrophic backtracking — against random attribute values: only <see cref="ScopingFilterException"/> may come
/// out, a regex never runs past its timeout, and memory stays bounded (the regex cache is capped).
/// </summary>
public sealed class ScopingFilterFuzzTests
{
    private const int Cases = 10_000;
    private static readonly string[] Attributes = ["department", "mail", "employeeId", "proxyAddresses", "missing", "accountEnabled"];

    private static readonly string[] HostileRegexes =
    [
        "(a+)+$", "(a|aa)+$", "(a|a?)+b", "([a-zA-Z]+)*@", "(.*a){20}", "(x+x+)+y", "[", "(?<n>", "\\", "a{99999999}", "(?=a)*", ")(", "a)|(b",
        "(?i)ÄÖÜ", "\\p{Lu}+", "\\k<x>", "(\\d+)+\\.", "^$", ".*", "(?<=a{1,5000})b",
    ];

    [Fact(Timeout = 60_000)]
    public async Task Passes_ThrowsOnlyScopingFilterException_AndNeverHangs_ForRandomFilters()
    {
        var random = new Random(5150);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var slowest = TimeSpan.Zero;
        var outcomes = new int[3];
        await Task.Run(() =>
        {
            for (var i = 0; i < Cases; i++)
            {
                var filters = Enumerable.Range(0, random.Next(1, 4)).Select(f => new ScopingFilter
                {
                    Name = $"f{f}",
                    Kind = random.Next(4) == 0 ? ScopingFilterKind.InputFilter : ScopingFilterKind.Scoping,
                    Clauses = [.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => Clause(random, i))],
                }).ToList();
                var clock = Stopwatch.StartNew();
                try
                {
                    outcomes[ScopingFilterEvaluator.Passes(filters, Values(random), new HashSet<string> { "g1" }) ? 0 : 1]++;
                }
                catch (ScopingFilterException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    outcomes[2]++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{e.GetType().Name}: {e}");
                }

                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            }
        }, TestContext.Current.CancellationToken);

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.All(outcomes, count => Assert.True(count > Cases / 50, $"outcomes passed/failed/error: {string.Join("/", outcomes)}"));
        // A hostile regex is cut at 200 ms per match; a case evaluates a handful of them at most.
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"the slowest case took {slowest}");
        Assert.True(grown < 64 * 1024 * 1024, $"memory grew by {grown / 1024 / 1024} MB over {Cases} cases");
    }

    [Fact]
    public void Matches_ThrowsScopingFilterException_WhenARegexTimesOut()
    {
        var clause = new ScopingFilterClause { SourceAttribute = "mail", Operator = "REGEX MATCH", Value = "(a+)+$" };
        var attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["mail"] = new string('a', 40_000) + "!" };

        var error = Assert.Throws<ScopingFilterException>(() => ScopingFilterEvaluator.Matches(clause, attributes, new HashSet<string>()));

        Assert.Contains("took longer than 200 ms", error.Message, StringComparison.Ordinal);
    }

    private static ScopingFilterClause Clause(Random random, int i)
    {
        var op = random.Next(12) == 0 ? new[] { "LIKE", "", " equals ", "regex  match", "\ud800" }[random.Next(5)]
            : ScopingFilterEvaluator.Operators[random.Next(ScopingFilterEvaluator.Operators.Count)];
        var regexOperator = op.Contains("REGEX", StringComparison.Ordinal);
        var value = random.Next(6) switch
        {
            _ when regexOperator && random.Next(3) != 0 => HostileRegexes[random.Next(HostileRegexes.Length)],
            // Fresh patterns now and then, so the regex cache sees churn.
            _ when regexOperator => $"[a-z]{{{i % 2000}}}",
            0 => null,
            1 => "",
            2 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            3 => "g1",
            4 => "Sal\ud800es",
            _ => "99999999999999999999999",
        };
        return new ScopingFilterClause { SourceAttribute = Attributes[random.Next(Attributes.Length)], Operator = op, Value = value };
    }

    private static Dictionary<string, object?> Values(Random random)
    {
        object?[] values =
        [
            null, "", "Sales", "aaaaaaaaaaaa", "12", "-7", "true", true, false, 42, new[] { "a", "", "Sales" }, Array.Empty<string>(), "x\ud800",
            "99999999999999999999999",
        ];
        // Values that make the hostile patterns backtrack for ever are rarer: each such match costs the full timeout.
        return Attributes.Where(a => a != "missing").ToDictionary(a => a,
            _ => random.Next(60) == 0 ? new string('a', random.Next(30, 5_000)) + "!" : values[random.Next(values.Length)],
            StringComparer.OrdinalIgnoreCase);
    }
}
