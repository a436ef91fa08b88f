using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Data.Entities;

namespace Portal.Provisioning.Scope;

/// <summary>
/// Evaluates scoping-filter clauses with Entra's operators and rules (reference §1.5): EQUALS, Includes and the regex
/// operators are case sensitive; every operator but IS NULL is false on a null or empty value; the integer
/// comparisons are false unless both sides are integers. Beyond Entra: Less_Than variants, group membership clauses
/// and multi-valued attributes (positive operators need one value to match, negated ones need all values to match).
/// </summary>
public static class ScopingFilterEvaluator
{
    public const string IsMemberOf = "IS MEMBER OF";
    public const string IsNotMemberOf = "IS NOT MEMBER OF";

    private const int MaxCachedRegexes = 1024;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new(StringComparer.Ordinal);

    /// <summary>Every operator name accepted, as Entra spells it.</summary>
    public static readonly IReadOnlyList<string> Operators =
    [
        "&", "!&", "ENDS_WITH", "EQUALS", "NOT EQUALS", "Greater_Than", "Greater_Than_OR_EQUALS", "Less_Than",
        "Less_Than_OR_EQUALS", "Includes", "IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL", "REGEX MATCH",
        "NOT REGEX MATCH", IsMemberOf, IsNotMemberOf,
    ];

    /// <summary>IS MEMBER OF and IS NOT MEMBER OF: the value is a group's object id; no attribute of the object is read.</summary>
    public static bool IsMembership(string op) => Normalize(op) is IsMemberOf or IsNotMemberOf;

    /// <summary>True when no filter is configured or all clauses of any one filter hold (AND within, OR across).</summary>
    public static bool Passes(IEnumerable<ScopingFilter> filters, IReadOnlyDictionary<string, object?> attributes, IReadOnlySet<string> groupIds)
    {
        var any = false;
        foreach (var filter in filters)
        {
            any = true;
            if (filter.Clauses.All(c => Matches(c, attributes, groupIds)))
            {
                return true;
            }
        }

        return !any;
    }

    public static bool Matches(ScopingFilterClause clause, IReadOnlyDictionary<string, object?> attributes, IReadOnlySet<string> groupIds)
    {
        var op = Normalize(clause.Operator);
        if (op is IsMemberOf or IsNotMemberOf)
        {
            var member = clause.Value is { } group && groupIds.Contains(group);
            return op == IsMemberOf ? member : !member;
        }

        attributes.TryGetValue(clause.SourceAttribute, out var raw);
        var values = AsStrings(raw);
        if (op == "IS NULL")
        {
            return values.Count == 0;
        }

        if (values.Count == 0)
        {
            return false;
        }

        return op switch
        {
            "IS NOT NULL" => true,
            "NOT EQUALS" or "!&" or "NOT REGEX MATCH" => values.All(v => Single(op, v, clause)),
            _ => values.Any(v => Single(op, v, clause)),
        };
    }

    private static bool Single(string op, string value, ScopingFilterClause clause)
    {
        var operand = clause.Value ?? string.Empty;
        return op switch
        {
            "&" => operand.Contains(value, StringComparison.Ordinal),
            "!&" => !operand.Contains(value, StringComparison.Ordinal),
            "ENDS_WITH" => value.EndsWith(operand, StringComparison.Ordinal),
            "EQUALS" => string.Equals(value, operand, StringComparison.Ordinal),
            "NOT EQUALS" => !string.Equals(value, operand, StringComparison.Ordinal),
            "INCLUDES" => value.Contains(operand, StringComparison.Ordinal),
            "IS TRUE" => bool.TryParse(value, out var t) && t,
            "IS FALSE" => bool.TryParse(value, out var f) && !f,
            "GREATER_THAN" => Compare(value, operand, c => c > 0),
            "GREATER_THAN_OR_EQUALS" => Compare(value, operand, c => c >= 0),
            "LESS_THAN" => Compare(value, operand, c => c < 0),
            "LESS_THAN_OR_EQUALS" => Compare(value, operand, c => c <= 0),
            "REGEX MATCH" => IsMatch(operand, value, clause),
            "NOT REGEX MATCH" => !IsMatch(operand, value, clause),
            _ => throw new ScopingFilterException(
                $"Scoping filter operator '{clause.Operator}' on '{clause.SourceAttribute}' is unknown; use one of: {string.Join(", ", Operators)}."),
        };
    }

    // Operator names compare case-insensitively ("Includes" and "INCLUDES" are the same operator); values do not.
    private static string Normalize(string op) => op.Trim().ToUpperInvariant();

    private static bool Compare(string value, string operand, Func<int, bool> accept) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
        && long.TryParse(operand, NumberStyles.Integer, CultureInfo.InvariantCulture, out var right)
        && accept(left.CompareTo(right));

    // A hostile pattern or value must not stall a cycle; nor may a timed-out match count as "no match", which could
    // take the object out of scope and deprovision it. The object fails instead, and is retried from escrow.
    private static bool IsMatch(string pattern, string value, ScopingFilterClause clause)
    {
        try
        {
            return RegexFor(pattern).IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ScopingFilterException(
                $"Scoping filter regex '{Excerpt(pattern)}' on '{clause.SourceAttribute}' took longer than {RegexTimeout.TotalMilliseconds:0} ms on a "
                + $"{value.Length}-character value, so the object's scope could not be decided; simplify the regex (avoid nested quantifiers).");
        }
    }

    // Entra's examples ("([1-9][0-9])" matches 10–99) only hold when the whole value must match. The pattern is parsed
    // on its own first: "a)|(b" would otherwise close the anchoring group and match any value that starts with "a".
    private static Regex RegexFor(string pattern)
    {
        try
        {
            if (Regexes.Count >= MaxCachedRegexes)
            {
                // Filters hold a handful of patterns; a full cache means churn (e.g. an editor testing patterns).
                Regexes.Clear();
            }

            return Regexes.GetOrAdd(pattern, p =>
            {
                _ = new Regex(p, RegexOptions.CultureInvariant, RegexTimeout);
                return new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, RegexTimeout);
            });
        }
        catch (ArgumentException e)
        {
            throw new ScopingFilterException($"Scoping filter regex '{Excerpt(pattern)}' is invalid: {e.Message}");
        }
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";

    internal static IReadOnlyList<string> AsStrings(object? raw) => raw switch
    {
        null => [],
        string s => s.Length == 0 ? [] : [s],
        bool b => [b ? "true" : "false"],
        IEnumerable<string> list => list.Where(v => !string.IsNullOrEmpty(v)).ToList(),
        IFormattable f => [f.ToString(null, CultureInfo.InvariantCulture)],
        _ => [raw.ToString() ?? string.Empty],
    };
}
