using Portal.Provisioning.Expressions;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class GeneratedValueFunctionTests
{
    [Fact]
    public void Guid_IsVersion4_AndRepeatsWithTheSameSeed()
    {
        var first = Eval.Compiler(seed: 3).Evaluate("Guid()", ExpressionInput.Empty).Text!;
        var again = Eval.Compiler(seed: 3).Evaluate("Guid()", ExpressionInput.Empty).Text!;
        var other = Eval.Compiler(seed: 4).Evaluate("Guid()", ExpressionInput.Empty).Text!;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first);
    }

    [Fact]
    public void Guid_IsRandom_WithDefaultOptions()
    {
        Assert.NotEqual(ExpressionCompiler.Default.Evaluate("Guid()", ExpressionInput.Empty).Text, ExpressionCompiler.Default.Evaluate("Guid()", ExpressionInput.Empty).Text);
    }

    [Theory]
    [InlineData("RandomString(6, 3, 0, 0, 3)", 6)]
    [InlineData("RandomString(256, 10, 10, 10, 10)", 256)]
    [InlineData("RandomString(12, 2, 2, 2, 2, \"0O1lI\")", 12)]
    public void RandomString_MeetsItsMinimums(string text, int length)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var value = Eval.Compiler(seed).Evaluate(text, ExpressionInput.Empty).Text!;

            Assert.Equal(length, value.Length);
            Assert.True(value.Count(char.IsAsciiDigit) >= 2);
            Assert.DoesNotContain(value, c => text.Contains("0O1lI", StringComparison.Ordinal) && "0O1lI".Contains(c, StringComparison.Ordinal));
        }

        Assert.Equal(3, Eval.Compiler(1).Evaluate("RandomString(6, 3, 0, 0, 3)", ExpressionInput.Empty).Text!.Count(char.IsAsciiDigit));
    }

    [Theory]
    [InlineData("RandomString(257, 0, 0, 0, 0)", "Length must be between 1 and 256")]
    [InlineData("RandomString(0, 0, 0, 0, 0)", "Length must be between 1 and 256")]
    [InlineData("RandomString(4, 2, 2, 2, 0)", "at least the sum of the minimums")]
    [InlineData("RandomString(4, -1, 0, 0, 0)", "MinimumNumbers must not be negative")]
    [InlineData("RandomString(4, 1, 0, 0, 0, \"0123456789\")", "removes every character that MinimumNumbers needs")]
    [InlineData("RandomString(\"long\", 1, 0, 0, 0)", "Length must be a whole number")]
    public void RandomString_Throws_WhenRulesCannotBeMet(string text, string expected) =>
        Assert.Contains(expected, Eval.Error(text).Message, StringComparison.Ordinal);
}
