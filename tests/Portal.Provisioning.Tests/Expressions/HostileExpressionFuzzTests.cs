using System.Diagnostics;
using System.Text;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Expressions.Functions;

namespace Portal.Provisioning.Tests.Expressions;

/// <summary>
/// Hostile expression text and inputs: random token streams, nesting far beyond the limit (10,000 parentheses and
/// calls), enormous literals and attribute values, lone UTF-16 surrogates. Only <see cref="ExpressionException"/> may
/// come out, no case may hang, and memory stays bounded (the compile cache is capped).
/// </summary>
public sealed class HostileExpressionFuzzTests
{
    private const int Cases = 10_000;
    private static readonly string[] FunctionNames = [.. FunctionLibrary.All.Select(f => f.Name)];
    private static readonly string[] Tokens =
    [
        "(", ")", "[", "]", ",", "\"", "\\", "=", "<>", "<", ">", ">=", "&H", "&HFFFFFFFFFFFFFFFF", "-", "0", "99999999999999999999", "True",
        "Nothing", "[mail]", "[proxyAddresses]", "[", "\"\ud800\"", "\"\udfff\ud800\"", "\ud83d", "\u0000", "\r\n", " ", "\"(a+)+$\"", "\"\"\"",
        "\"[\"", "vbTextCompare", "IgnoreAttributeFlow", "ë", "\u200b",
    ];

    [Fact(Timeout = 60_000)]
    public async Task CompileAndEvaluate_ThrowOnlyExpressionException_AndNeverHang_ForHostileExpressions()
    {
        var random = new Random(1123);
        var compiler = new ExpressionCompiler(new ExpressionOptions { Random = new Random(2), RegexTimeout = TimeSpan.FromMilliseconds(20), StepBudget = 20_000 });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var slowest = TimeSpan.Zero;
        await Task.Run(() =>
        {
            for (var i = 0; i < Cases; i++)
            {
                var text = Hostile(random, i);
                var clock = Stopwatch.StartNew();
                Run(compiler, text, HostileInput(random));
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            }
        }, TestContext.Current.CancellationToken);

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        // A hang shows up as a case that never ends; seconds are the bound, not a speed target.
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"the slowest case took {slowest}");
        Assert.True(grown < 64 * 1024 * 1024, $"memory grew by {grown / 1024 / 1024} MB over {Cases} cases");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(4_999)]
    public void Compile_RejectsDeepNesting_WithAnExpressionException(int depth)
    {
        var parentheses = new string('(', depth) + "1" + new string(')', depth);
        var calls = string.Concat(Enumerable.Repeat("ToLower(", depth)) + "\"a\"" + new string(')', depth);

        foreach (var text in new[] { parentheses, calls, parentheses[..depth] })
        {
            var error = Assert.Throws<ExpressionException>(() => new ExpressionCompiler().Compile(text));
            Assert.InRange(error.Position, 1, text.Length + 1);
        }
    }

    [Fact]
    public void Evaluate_HandlesLoneSurrogates_InLiteralsAndAttributeValues()
    {
        var input = new ExpressionInput(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["givenName"] = "Zo\ud800ë\udc00" });
        foreach (var function in new[] { "NormalizeDiacritics", "ToLower", "ToUpper", "StripSpaces", "ConvertToUTF8Hex", "Word" })
        {
            Run(new ExpressionCompiler(), $"{function}([givenName])", input);
            Run(new ExpressionCompiler(), $"{function}(\"a\ud83d\")", input);
        }
    }

    private static void Run(ExpressionCompiler compiler, string text, ExpressionInput input)
    {
        try
        {
            compiler.Compile(text).Evaluate(input);
        }
        catch (ExpressionException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} for {Shorten(text)}: {e}");
        }
    }

    private static string Hostile(Random random, int i) => (i % 8) switch
    {
        // A random stream of tokens, many of them broken.
        0 or 1 or 2 => string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(3) == 0
            ? FunctionNames[random.Next(FunctionNames.Length)] + "("
            : Tokens[random.Next(Tokens.Length)])),
        // Deep nesting of parentheses or calls, up to and past the length limit.
        3 => Nest(random.Next(1, 5_001), random.Next(2) == 0 ? "(" : FunctionNames[random.Next(FunctionNames.Length)] + "(", "[mail]", random.Next(4) != 0),
        // An enormous literal, at and past the length limit.
        4 => $"Join(\",\", \"{new string('x', random.Next(9_000, 12_000))}\", [mail])",
        // Lone surrogates and control characters inside and outside literals.
        5 => $"{FunctionNames[random.Next(FunctionNames.Length)]}(\"{RandomText(random, 20)}\", [{RandomText(random, 5)}])",
        // Functions with random arity and hostile arguments.
        _ => $"{FunctionNames[random.Next(FunctionNames.Length)]}({string.Join(", ", Enumerable.Range(0, random.Next(0, 6)).Select(_ => Argument(random)))})",
    };

    private static string Nest(int depth, string open, string inner, bool closed)
    {
        var builder = new StringBuilder(depth * (open.Length + 1) + inner.Length);
        for (var d = 0; d < depth; d++)
        {
            builder.Append(open);
        }

        builder.Append(inner);
        if (closed)
        {
            builder.Append(')', depth);
        }

        return builder.ToString();
    }

    private static string Argument(Random random) => random.Next(6) switch
    {
        0 => $"\"{RandomText(random, random.Next(0, 50))}\"",
        1 => "[givenName]",
        2 => "[proxyAddresses]",
        3 => random.Next(-5, 300).ToString(System.Globalization.CultureInfo.InvariantCulture),
        4 => "\"(a|aa)+$\"",
        _ => $"{FunctionNames[random.Next(FunctionNames.Length)]}([mail])",
    };

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var c = 0; c < length; c++)
        {
            chars[c] = random.Next(4) switch
            {
                0 => (char)random.Next(0xD800, 0xE000),
                1 => (char)random.Next(0, 0x20),
                2 => "\"\\[](),"[random.Next(7)],
                _ => (char)random.Next(0x20, 0x250),
            };
        }

        return new string(chars);
    }

    private static ExpressionInput HostileInput(Random random)
    {
        object?[] values =
        [
            null, "", "Zo\ud800ë", "\udc00\ud800", new string('a', random.Next(1, 200_000)), new[] { "\ud83d", "", "x" },
            Enumerable.Range(0, 5_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), "(((((((((((((((((((",
        ];
        var attributes = new[] { "mail", "givenName", "proxyAddresses", "sn", "date" }
            .ToDictionary(n => n, _ => values[random.Next(values.Length)], StringComparer.OrdinalIgnoreCase);
        return new ExpressionInput(attributes, [new AssignedAppRole("1", "Ad\ud800min", "\udc00")], "contoso.com", v => v.Length % 3 == 0);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length} characters)";
}
