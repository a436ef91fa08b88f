using System.Text.RegularExpressions;

namespace Portal.Sandbox.Graph;

/// <summary>
/// The <c>$filter</c> subset the emulator understands: <c>prop eq 'text'</c>, <c>prop eq true|false</c> and
/// <c>startswith(prop,'text')</c>, joined by one kind of <c>or</c>/<c>and</c>. Anything else is a 400, as Graph
/// answers an unsupported query.
/// </summary>
internal static partial class GraphFilter
{
    public static Func<IReadOnlyDictionary<string, object?>, string, bool>? Parse(string filter, out string? error)
    {
        error = null;
        var useAnd = filter.Contains(" and ", StringComparison.OrdinalIgnoreCase);
        var parts = Regex.Split(filter, useAnd ? @"\s+and\s+" : @"\s+or\s+", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        var clauses = new List<Func<IReadOnlyDictionary<string, object?>, string, bool>>();
        foreach (var part in parts)
        {
            var clause = Clause(part.Trim());
            if (clause is null)
            {
                error = $"Unsupported or invalid query filter clause specified: '{part.Trim()}'.";
                return null;
            }

            clauses.Add(clause);
        }

        return useAnd ? (p, id) => clauses.All(c => c(p, id)) : (p, id) => clauses.Any(c => c(p, id));
    }

    private static Func<IReadOnlyDictionary<string, object?>, string, bool>? Clause(string text)
    {
        if (EqualsPattern().Match(text) is { Success: true } eq)
        {
            var name = eq.Groups["name"].Value;
            var raw = eq.Groups["value"].Value;
            object expected = raw.StartsWith('\'') ? raw[1..^1].Replace("''", "'", StringComparison.Ordinal) : bool.Parse(raw);
            return (props, id) =>
            {
                var actual = name.Equals("id", StringComparison.OrdinalIgnoreCase) ? id : props.GetValueOrDefault(name);
                return actual is string s && expected is string e ? string.Equals(s, e, StringComparison.OrdinalIgnoreCase) : Equals(actual ?? (object)false, expected);
            };
        }

        if (StartsWithPattern().Match(text) is { Success: true } sw)
        {
            var name = sw.Groups["name"].Value;
            var prefix = sw.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
            return (props, _) => props.GetValueOrDefault(name) is string s && s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_]+)\s+eq\s+(?<value>'(?:[^']|'')*'|true|false)$", RegexOptions.IgnoreCase)]
    private static partial Regex EqualsPattern();

    [GeneratedRegex(@"^startswith\(\s*(?<name>[A-Za-z0-9_]+)\s*,\s*'(?<value>(?:[^']|'')*)'\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex StartsWithPattern();
}
