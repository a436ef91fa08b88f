using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>Guid and RandomString, drawing from <see cref="ExpressionOptions.Random"/> so tests can fix the outcome.</summary>
internal static class GeneratedValueFunctions
{
    private const int MaxLength = 256;
    private const string Digits = "0123456789";
    private const string Capitals = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string LowerCase = "abcdefghijklmnopqrstuvwxyz";

    // Special characters of the Windows password complexity rules.
    private const string Specials = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";

    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("Guid", "", 0, 0, NewGuid),
        Define("RandomString", "Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, CharactersToAvoid", 5, 6, RandomString),
    ];

    private static Value NewGuid(Call call)
    {
        Span<byte> bytes = stackalloc byte[16];
        call.Evaluation.Options.Random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian field layout of Guid(ReadOnlySpan<byte>))
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Value(new Guid(bytes).ToString("D"));
    }

    private static Value RandomString(Call call)
    {
        var length = call.Int32(0, 0);
        if (length is < 1 or > MaxLength)
        {
            throw call.Error(0, $"must be between 1 and {MaxLength}");
        }

        var avoid = (call.Has(5) ? call.Text(5) : null) ?? "";
        var classes = new (string Name, string Characters, int Minimum)[]
        {
            ("MinimumNumbers", Without(Digits, avoid), call.Int32(1, 0)),
            ("MinimumSpecialCharacters", Without(Specials, avoid), call.Int32(2, 0)),
            ("MinimumCapital", Without(Capitals, avoid), call.Int32(3, 0)),
            ("MinimumLowerCase", Without(LowerCase, avoid), call.Int32(4, 0)),
        };
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i].Minimum < 0)
            {
                throw call.Error(i + 1, "must not be negative");
            }

            if (classes[i].Minimum > 0 && classes[i].Characters.Length == 0)
            {
                throw call.Error(5, $"removes every character that {classes[i].Name} needs");
            }
        }

        if (classes.Sum(c => (long)c.Minimum) > length)
        {
            throw call.Error(0, "must be at least the sum of the minimums");
        }

        var all = string.Concat(classes.Select(c => c.Characters));
        if (all.Length == 0)
        {
            throw call.Error(5, "removes every allowed character");
        }

        var random = call.Evaluation.Options.Random;
        var result = new List<char>(length);
        foreach (var (_, characters, minimum) in classes)
        {
            for (var i = 0; i < minimum; i++)
            {
                result.Add(characters[random.Next(characters.Length)]);
            }
        }

        while (result.Count < length)
        {
            result.Add(all[random.Next(all.Length)]);
        }

        // Fisher–Yates, so the guaranteed characters are not always at the front.
        for (var i = result.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return new Value(new string([.. result]));
    }

    private static string Without(string characters, string avoid) =>
        avoid.Length == 0 ? characters : new string(characters.Where(c => !avoid.Contains(c, StringComparison.Ordinal)).ToArray());
}
