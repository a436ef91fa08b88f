using System.Text;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Expressions.Functions;

namespace Portal.Provisioning.Tests.Expressions;

/// <summary>
/// Random and mutated expressions against random inputs: the only exception allowed out of Compile/Evaluate is
/// <see cref="ExpressionException"/>, and every evaluation finishes (regex timeout and step budget bound the work).
/// </summary>
public sealed class ExpressionFuzzTests
{
    private const int Cases = 10_000;
    private static readonly string[] AttributeNames = ["mail", "givenName", "sn", "proxyAddresses", "empty", "missing", "date", "number", "appRoleAssignments"];
    private static readonly string[] Constants =
    [
        "\"\"", "\"a\"", "\"Zoë Straße\"", "\"2021-08-25T17:23:38Z\"", "\"\\\\d+\"", "\"(?<n>[a-z]+)\"", "\"n\"", "\",\"", "\"yyyy\"", "\"d\"",
        "0", "1", "-1", "3", "256", "&HF7", "vbTextCompare", "IgnoreAttributeFlow", "True", "\"en-US\"", "\"(\"", "\"^(a+)+$\"",
        "\"9999999999999999999999\"", "\"\\\"\"",
    ];

    private static readonly string MutationCharacters = "()[],\"\\=<>&H-0123456789 aZ_ë";
    private static readonly FunctionDefinition[] Functions = [.. FunctionLibrary.All];

    [Fact(Timeout = 60_000)]
    public async Task CompileAndEvaluate_ThrowOnlyExpressionException_ForRandomAndMutatedExpressions()
    {
        var random = new Random(20261123);
        var compiler = new ExpressionCompiler(new ExpressionOptions { Random = new Random(1), RegexTimeout = TimeSpan.FromMilliseconds(20), StepBudget = 20_000 });
        var outcomes = new int[2];
        await Task.Run(() =>
        {
            for (var i = 0; i < Cases; i++)
            {
                var text = Generate(random, 0);
                if (i % 2 == 1)
                {
                    text = Mutate(random, text);
                }

                outcomes[Run(compiler, text, RandomInput(random))]++;
            }
        }, TestContext.Current.CancellationToken);

        // Both paths must be exercised, or the generator has drifted into producing only garbage (or only valid text).
        Assert.True(outcomes[0] > Cases / 10, $"only {outcomes[0]} expressions evaluated");
        Assert.True(outcomes[1] > Cases / 10, $"only {outcomes[1]} expressions failed");
        TestContext.Current.SendDiagnosticMessage($"{outcomes[0]} evaluated, {outcomes[1]} rejected");
    }

    private static int Run(ExpressionCompiler compiler, string text, ExpressionInput input)
    {
        try
        {
            compiler.Compile(text).Evaluate(input);
            return 0;
        }
        catch (ExpressionException e)
        {
            Assert.InRange(e.Position, 1, text.Length + 1);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return 1;
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} for {text}: {e}");
            throw;
        }
    }

    private static string Generate(Random random, int depth)
    {
        var roll = random.Next(10);
        if (depth > 3 || roll < 3)
        {
            return random.Next(2) == 0 ? $"[{AttributeNames[random.Next(AttributeNames.Length)]}]" : Constants[random.Next(Constants.Length)];
        }

        if (roll == 3)
        {
            return $"{Generate(random, depth + 1)} {new[] { "=", "<>", "<", ">=" }[random.Next(4)]} {Generate(random, depth + 1)}";
        }

        var function = Functions[random.Next(Functions.Length)];
        var max = Math.Min(function.MaxArguments, function.MinArguments + 3);
        var count = random.Next(10) == 0 ? random.Next(0, 8) : random.Next(function.MinArguments, max + 1);
        var arguments = Enumerable.Range(0, count).Select(_ => random.Next(8) == 0 ? "" : Generate(random, depth + 1));
        return $"{function.Name}({string.Join(", ", arguments)})";
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0 when builder.Length > 0:
                    builder.Remove(Math.Min(at, builder.Length - 1), Math.Min(random.Next(1, 4), builder.Length - Math.Min(at, builder.Length - 1)));
                    break;
                case 1:
                    builder.Insert(at, MutationCharacters[random.Next(MutationCharacters.Length)]);
                    break;
                default:
                    var start = random.Next(builder.Length + 1);
                    var length = random.Next(0, Math.Min(12, builder.Length - start) + 1);
                    builder.Insert(at, builder.ToString(start, length));
                    break;
            }
        }

        return builder.ToString();
    }

    private static ExpressionInput RandomInput(Random random)
    {
        object?[] values =
        [
            null, "", "john.doe@contoso.com", "Zoë", "2012-03-16-07:00", "42", "-7", "True", new string('a', 300) + "!",
            new[] { "a", "b", "a" }, Array.Empty<string>(), true, "129699324000000000",
        ];
        var attributes = AttributeNames.Where(n => n != "missing")
            .ToDictionary(n => n, _ => values[random.Next(values.Length)], StringComparer.OrdinalIgnoreCase);
        return new ExpressionInput(attributes, random.Next(2) == 0 ? [] : [new AssignedAppRole("1", "Admin", "Administrator")],
            random.Next(2) == 0 ? null : "contoso.com", random.Next(2) == 0 ? null : v => v.Length % 2 == 0);
    }
}
