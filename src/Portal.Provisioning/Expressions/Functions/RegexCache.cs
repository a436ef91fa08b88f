using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>
/// Compiles regex patterns with a match timeout. Patterns that come from attributes rather than constants are
/// cached too (bounded), so a mapping over 100,000 users does not rebuild the same Regex each time.
/// </summary>
internal static class RegexCache
{
    private const int Capacity = 512;
    private static readonly ConcurrentDictionary<(string Pattern, TimeSpan Timeout), Regex> Dynamic = new();

    public static Regex Create(string pattern, TimeSpan timeout, int position)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e)
        {
            throw new ExpressionException($"Invalid regular expression \"{pattern}\": {e.Message}", position);
        }
    }

    public static Regex Get(string pattern, TimeSpan timeout, int position)
    {
        if (Dynamic.TryGetValue((pattern, timeout), out var regex))
        {
            return regex;
        }

        if (Dynamic.Count >= Capacity)
        {
            Dynamic.Clear();
        }

        return Dynamic[(pattern, timeout)] = Create(pattern, timeout, position);
    }
}
