using Portal.Provisioning.Expressions;

namespace Portal.Provisioning.Tests.Expressions;

/// <summary>Evaluates expressions with a fixed clock and seeded randomness; attributes given as name/value pairs.</summary>
internal static class Eval
{
    public static readonly DateTimeOffset Now = new(2026, 3, 16, 7, 30, 15, TimeSpan.Zero);

    public static ExpressionCompiler Compiler(int seed = 7) =>
        new(new ExpressionOptions { TimeProvider = new FixedClock(Now), Random = new Random(seed) });

    public static ExpressionInput Input(params (string Name, object? Value)[] attributes) =>
        new(attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.OrdinalIgnoreCase));

    public static ExpressionValue Value(string text, params (string Name, object? Value)[] attributes) =>
        Compiler().Evaluate(text, Input(attributes));

    /// <summary>The single value, failing the test when the result is not single-valued.</summary>
    public static string Single(string text, params (string Name, object? Value)[] attributes)
    {
        var value = Value(text, attributes);
        Assert.Equal(ExpressionValueKind.Single, value.Kind);
        return value.Text!;
    }

    public static IReadOnlyList<string> Multi(string text, params (string Name, object? Value)[] attributes)
    {
        var value = Value(text, attributes);
        Assert.Equal(ExpressionValueKind.Multi, value.Kind);
        return value.Values;
    }

    public static void None(string text, params (string Name, object? Value)[] attributes)
    {
        var value = Value(text, attributes);
        Assert.Equal(ExpressionValueKind.None, value.Kind);
        Assert.Equal(ExpressionFlow.Normal, value.Flow);
    }

    public static ExpressionException Error(string text, params (string Name, object? Value)[] attributes) =>
        Assert.Throws<ExpressionException>(() => Value(text, attributes));

    public static string[] List(params string[] values) => values;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
