using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Sandbox.Scim;

/// <summary>
/// RFC 7644 § 3.4.2.2 filters with <c>eq co sw pr and or</c>, parentheses and value paths
/// (<c>emails[type eq "work"].value eq "x"</c>). Anything else is a 400 invalidFilter.
/// </summary>
internal sealed class SandboxScimFilter
{
    private readonly string text;
    private readonly IReadOnlySet<string> operators;
    private int position;
    private int comparisons;
    private (string Attribute, string Value)? equality;

    private SandboxScimFilter(string text, IReadOnlySet<string> operators)
    {
        this.text = text;
        this.operators = operators;
    }

    public static Func<JsonObject, bool> Parse(string filter, IReadOnlySet<string> operators) => ParseWithEquality(filter, operators).Predicate;

    /// <summary>The predicate, and the attribute and value when the whole filter is one plain <c>attribute eq "value"</c>.</summary>
    public static (Func<JsonObject, bool> Predicate, (string Attribute, string Value)? Equality) ParseWithEquality(string filter, IReadOnlySet<string> operators)
    {
        var parser = new SandboxScimFilter(filter, operators);
        var predicate = parser.Or();
        parser.SkipSpace();
        return parser.position == filter.Length
            ? (predicate, parser.comparisons == 1 ? parser.equality : null)
            : throw parser.Invalid("unexpected text");
    }

    private Func<JsonObject, bool> Or()
    {
        var left = And();
        while (Keyword("or"))
        {
            var l = left;
            var right = And();
            left = r => l(r) || right(r);
        }

        return left;
    }

    private Func<JsonObject, bool> And()
    {
        var left = Factor();
        while (Keyword("and"))
        {
            var l = left;
            var right = Factor();
            left = r => l(r) && right(r);
        }

        return left;
    }

    private Func<JsonObject, bool> Factor()
    {
        SkipSpace();
        if (Peek('('))
        {
            position++;
            var inner = Or();
            Expect(')');
            return inner;
        }

        var attribute = AttributeName();
        Func<JsonObject, bool>? valueFilter = null;
        string? sub = null;
        if (Peek('['))
        {
            position++;
            valueFilter = Or();
            Expect(']');
            if (Peek('.'))
            {
                position++;
                sub = AttributeName();
            }
        }

        SkipSpace();
        var op = Word().ToLowerInvariant();
        if (!operators.Contains(op))
        {
            throw Invalid($"operator '{op}' is not supported");
        }

        if (op == "pr")
        {
            comparisons++;
            return r => Values(r, attribute, valueFilter, sub).Any(v => v is not null);
        }

        var expected = Literal();
        comparisons++;
        if (op == "eq" && valueFilter is null && sub is null && expected is not null)
        {
            equality = (attribute, expected);
        }
        Func<string, bool> test = op switch
        {
            "eq" => v => string.Equals(v, expected, Comparison(attribute)),
            "co" => v => expected is not null && v.Contains(expected, Comparison(attribute)),
            "sw" => v => expected is not null && v.StartsWith(expected, Comparison(attribute)),
            _ => throw Invalid($"operator '{op}' is not supported"),
        };
        return r => Values(r, attribute, valueFilter, sub).Any(v => v is JsonValue value && test(Text(value)));
    }

    internal static string Text(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    private static StringComparison Comparison(string attribute) =>
        attribute.EndsWith("externalId", StringComparison.OrdinalIgnoreCase) || attribute.Equals("id", StringComparison.OrdinalIgnoreCase)
            ? StringComparison.Ordinal
            : StringComparison.OrdinalIgnoreCase;

    /// <summary>The values an attribute path selects, flattening multi-valued attributes.</summary>
    internal static IEnumerable<JsonNode?> Values(JsonObject resource, string attribute, Func<JsonObject, bool>? valueFilter, string? sub)
    {
        var (container, name) = SandboxScimResource.Locate(resource, attribute);
        var parts = name.Split('.', 2);
        var node = container is null ? null : SandboxScimResource.Child(container, parts[0]);
        sub ??= parts.Length > 1 ? parts[1] : null;
        IEnumerable<JsonNode?> items = node is JsonArray array ? array.ToList() : new[] { node };
        foreach (var item in items)
        {
            if (valueFilter is not null && (item is not JsonObject o || !valueFilter(o)))
            {
                continue;
            }

            yield return sub is not null ? (item is JsonObject c ? SandboxScimResource.Child(c, sub) : null)
                : item is JsonObject complex && node is JsonArray ? SandboxScimResource.Child(complex, "value")
                : item;
        }
    }

    private string AttributeName()
    {
        SkipSpace();
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is ':' or '.' or '$' or '_' or '-'))
        {
            position++;
        }

        return position > start ? text[start..position] : throw Invalid("attribute name expected");
    }

    private string? Literal()
    {
        SkipSpace();
        if (!Peek('"'))
        {
            var word = Word();
            return word switch
            {
                "true" or "false" => word,
                "null" => null,
                _ when double.TryParse(word, System.Globalization.CultureInfo.InvariantCulture, out _) => word,
                _ => throw Invalid("a quoted string, true, false, null or a number is expected"),
            };
        }

        position++;
        var value = new StringBuilder();
        while (position < text.Length && text[position] != '"')
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
                value.Append(text[position] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                value.Append(text[position]);
            }

            position++;
        }

        Expect('"');
        return value.ToString();
    }

    private string Word()
    {
        SkipSpace();
        var start = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not ('(' or ')' or '[' or ']'))
        {
            position++;
        }

        return text[start..position];
    }

    private bool Keyword(string word)
    {
        SkipSpace();
        if (position + word.Length < text.Length && text.AsSpan(position, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
            && char.IsWhiteSpace(text[position + word.Length]))
        {
            if (!operators.Contains(word))
            {
                throw Invalid($"'{word}' is not supported");
            }

            position += word.Length;
            return true;
        }

        return false;
    }

    private bool Peek(char c)
    {
        SkipSpace();
        return position < text.Length && text[position] == c;
    }

    private void Expect(char c)
    {
        if (position >= text.Length || text[position] != c)
        {
            throw Invalid($"'{c}' expected");
        }

        position++;
    }

    private void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private SandboxScimException Invalid(string problem) => new(400, "invalidFilter", $"Invalid filter '{text}': {problem} at position {position}.");
}
