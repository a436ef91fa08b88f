using System.Text;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>
/// NormalizeDiacritics as Microsoft documents it: a fixed table, not Unicode decomposition, so "ß" becomes "ss",
/// "ø" becomes "oe" and characters outside the table (e.g. plain œ) stay. Some entries are base + combining
/// sequences (ā́ = ā + U+0301); the longest entry matching at a position wins.
/// </summary>
internal static class DiacriticsTable
{
    private static readonly (string Characters, string Replacement)[] Rows =
    [
        ("ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄", "a"),
        ("Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄", "A"),
        ("æ, ǣ", "ae"), ("Æ, Ǣ", "AE"),
        ("ç, č, ć, c̄, c̱", "c"), ("Ç, Č, Ć, C̄, C̱", "C"),
        ("ď, d̄, ḏ", "d"), ("Ď, D̄, Ḏ", "D"),
        ("ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄", "e"),
        ("Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄", "E"),
        ("ğ, ḡ, g̱", "g"), ("Ğ, Ḡ, G̱", "G"),
        ("ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱", "i"), ("Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱", "I"),
        ("ľ, ł, l̄, ḹ, ḻ", "l"), ("Ł, Ľ, L̄, Ḹ, Ḻ", "L"),
        ("ñ, ń, ň, n̄, ṉ", "n"), ("Ñ, Ń, Ň, N̄, Ṉ", "N"),
        ("ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱", "o"),
        ("Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱", "O"),
        ("ø, ø̄, œ̄", "oe"), ("Ø, Ø̄, Œ̄", "OE"),
        ("ř, r̄, ṟ, ṝ", "r"), ("Ř, R̄, Ṟ, Ṝ", "R"),
        ("ß", "ss"),
        ("š, ś, ș, ş, s̄, s̱", "s"), ("Š, Ś, Ș, Ş, S̄, S̱", "S"),
        ("ť, ț, t̄, ṯ", "t"), ("Ť, Ț, T̄, Ṯ", "T"),
        ("ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱", "u"),
        ("Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱", "U"),
        ("ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱", "y"), ("Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱", "Y"),
        ("ź, ž, ż, z̄, ẕ", "z"), ("Ź, Ž, Ż, Z̄, Ẕ", "Z"),
    ];

    // First character → entries starting with it, longest first. Plain ASCII letters appear here only as the base
    // of a combining sequence (c̄ = c + U+0304), so a lone "c" never matches.
    private static readonly Dictionary<char, (string Sequence, string Replacement)[]> ByFirstChar = Rows
        .SelectMany(row => row.Characters.Split(", ").Select(sequence => (Sequence: sequence.Normalize(NormalizationForm.FormC), row.Replacement)))
        .GroupBy(entry => entry.Sequence[0])
        .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Sequence.Length).ToArray());

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static string Normalize(string text)
    {
        if (!NeedsWork(text))
        {
            return text;
        }

        // Decomposed input (e + U+0301) must meet the table's composed entries (é). Text with a lone surrogate cannot be
        // normalized (it is not valid Unicode); it is replaced character by character as it is.
        if (IsValidUtf16(text) && !text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
        }

        var result = new StringBuilder(text.Length + 4);
        var i = 0;
        while (i < text.Length)
        {
            if (ByFirstChar.TryGetValue(text[i], out var entries) && Match(text, i, entries) is { } entry)
            {
                result.Append(entry.Replacement);
                i += entry.Sequence.Length;
            }
            else
            {
                result.Append(text[i]);
                i++;
            }
        }

        return result.ToString();
    }

    private static bool NeedsWork(string text)
    {
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    private static (string Sequence, string Replacement)? Match(string text, int index, (string Sequence, string Replacement)[] entries)
    {
        foreach (var entry in entries)
        {
            if (string.CompareOrdinal(text, index, entry.Sequence, 0, entry.Sequence.Length) == 0)
            {
                return entry;
            }
        }

        return null;
    }
}
