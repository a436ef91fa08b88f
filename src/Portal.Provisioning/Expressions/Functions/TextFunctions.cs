using System.Globalization;
using System.Text;
using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>
/// Functions on one string. A multi-valued first argument is transformed element by element; a null source gives
/// no value unless the function documents otherwise (Left, Len and Word give "" or 0).
/// </summary>
internal static class TextFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("Append", "source, suffix", 2, 2, call => call.Map(0, call.Text(1) ?? "", static (s, suffix, _) => s + suffix)),
        Define("Left", "String, NumChars", 2, 2, Left),
        Define("Len", "String", 1, 1, call => Or(call.Map(0, 0, static (s, _, _) => s.Length.ToString(CultureInfo.InvariantCulture)), "0")),
        Define("Mid", "source, start, length", 3, 3, Mid),
        Define("StripSpaces", "source", 1, 1, call => call.Map(0, 0, static (s, _, _) => s.Replace(" ", "", StringComparison.Ordinal))),
        Define("ToLower", "source, culture", 1, 2, call => call.Map(0, Culture(call), static (s, c, _) => c.TextInfo.ToLower(s))),
        Define("ToUpper", "source, culture", 1, 2, call => call.Map(0, Culture(call), static (s, c, _) => c.TextInfo.ToUpper(s))),
        Define("Word", "String, WordNumber, Delimiters", 2, 3, Word),
        Define("PCase", "source, wordSeparators", 1, 2, call => call.Map(0, call.Text(1), static (s, separators, _) => ProperCase(s, separators))),
        Define("NormalizeDiacritics", "source", 1, 1, call => call.Map(0, 0, static (s, _, _) => DiacriticsTable.Normalize(s))),
        Define("ConvertToBase64", "source", 1, 1,
            call => call.Map(0, 0, static (s, _, _) => Convert.ToBase64String(Encoding.Unicode.GetBytes(s)))),
        Define("ConvertToUTF8Hex", "source", 1, 1, call => call.Map(0, 0, static (s, _, _) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)))),
        Define("CStr", "value", 1, 1, call => Value.Of(call.Text(0))),
        Define("InStr", "value1, value2, start, compareType", 2, 4, InStr),
    ];

    private static Value Or(Value value, string whenNull) => value.IsNull ? new Value(whenNull) : value;

    private static Value Left(Call call)
    {
        var count = call.Int32(1, 0);
        return Or(call.Map(0, count, static (s, n, _) => n < 0 ? s : s[..Math.Min(n, s.Length)]), "");
    }

    private static Value Mid(Call call)
    {
        var start = call.Int32(1, 1);
        var length = call.Int32(2, 0);
        if (start < 1)
        {
            throw call.Error(1, "is 1-based and must be at least 1");
        }

        if (length < 0)
        {
            throw call.Error(2, "must not be negative");
        }

        return call.Map(0, (start, length), static (s, a, _) =>
            a.start > s.Length ? "" : s.Substring(a.start - 1, Math.Min(a.length, s.Length - a.start + 1)));
    }

    private static Value Word(Call call)
    {
        var number = call.Int32(1, 1);
        var delimiters = (call.Has(2) ? call.Text(2) : null) ?? " ";
        return Or(call.Map(0, (number, delimiters), static (s, a, _) =>
        {
            if (a.number < 1 || a.delimiters.Length == 0)
            {
                return a.number == 1 && a.delimiters.Length == 0 ? s : "";
            }

            var words = s.Split(a.delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
            return a.number <= words.Length ? words[a.number - 1] : "";
        }), "");
    }

    private static CultureInfo Culture(Call call)
    {
        var name = call.Has(1) ? call.Text(1) : null;
        if (string.IsNullOrEmpty(name))
        {
            return CultureInfo.InvariantCulture;
        }

        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw call.Error(1, $"\"{name}\" is not a known culture; expected an RFC 4646 name such as en-US");
        }
    }

    // Without separators Entra follows .NET ToTitleCase, which leaves ALL-CAPS words alone, so lower-case first
    // to get the documented "PABLO GONSALVES" → "Pablo Gonsalves".
    private static string ProperCase(string s, string? separators)
    {
        if (string.IsNullOrEmpty(separators))
        {
            return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant());
        }

        var chars = s.ToCharArray();
        var wordStart = true;
        for (var i = 0; i < chars.Length; i++)
        {
            var isSeparator = separators.Contains(chars[i], StringComparison.Ordinal);
            chars[i] = isSeparator ? chars[i] : wordStart ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            wordStart = isSeparator;
        }

        return new string(chars);
    }

    // VB Strings.InStr: 1-based, 0 when not found, an empty search string is found at start.
    private static Value InStr(Call call)
    {
        var text = call.Text(0) ?? "";
        var search = call.Text(1) ?? "";
        var start = call.Int32(2, 1);
        if (start < 1)
        {
            throw call.Error(2, "is 1-based and must be at least 1");
        }

        var comparison = (call.Has(3) ? call.Text(3) : null) switch
        {
            null or "" or "vbBinaryCompare" or "0" => StringComparison.Ordinal,
            "vbTextCompare" or "1" => StringComparison.OrdinalIgnoreCase,
            var other => throw call.Error(3, $"must be vbBinaryCompare or vbTextCompare, but got \"{other}\""),
        };
        call.Evaluation.Step(call.Node.Position, 1 + (text.Length >> 8));
        var position = text.Length == 0 || start > text.Length ? 0
            : search.Length == 0 ? start
            : text.IndexOf(search, start - 1, comparison) + 1;
        return new Value(position.ToString(CultureInfo.InvariantCulture));
    }
}
