using System.Globalization;
using Portal.Provisioning.Expressions;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class ExpressionParserTests
{
    [Theory]
    [InlineData("Append([mail], \"@contoso.com)", 16, "Unclosed string")]
    [InlineData("Foo([mail])", 1, "Unknown function 'Foo'")]
    [InlineData("toLower([mail])", 1, "did you mean ToLower")]
    [InlineData("Left([mail])", 1, "Left expects 2 arguments but got 1")]
    [InlineData("ToLower([a], \"en-US\", \"x\")", 1, "ToLower expects 1 to 2 arguments but got 3")]
    [InlineData("Join(\",\")", 1, "Join expects at least 2 arguments")]
    [InlineData("Join(\",\", [a]", 14, "Unclosed '(' of Join opened at position 5")]
    [InlineData("Join(\",\", [a]))", 15, "Unbalanced ')'")]
    [InlineData("Append([mail, \"x\")", 8, "Unclosed attribute reference")]
    [InlineData("[mail] \"x\"", 8, "expected the end of the expression")]
    [InlineData("ToLower([mail]) garbage", 17, "expected the end of the expression")]
    [InlineData("", 1, "Empty expression")]
    [InlineData("Append([a] [b])", 12, "expected ',' or ')'")]
    [InlineData("IIF([a] = \"x\" = \"y\", 1, 2)", 15, "only one comparison")]
    [InlineData("Now", 4, "Expected '(' after the function name Now")]
    [InlineData("mail", 1, "Unknown name 'mail'")]
    [InlineData("Append([a] + \"x\")", 12, "Unexpected character '+'")]
    [InlineData("[]", 1, "Empty attribute reference")]
    [InlineData("Switch([a], \"d\", \"k1\", \"v1\", \"k2\")", 1, "has no value")]
    [InlineData("Append(SelectUniqueValue([a], [b]), \"x\")", 8, "must be the outermost function")]
    [InlineData("IIF(IgnoreFlowIfNullOrEmpty([a]), 1, 2)", 5, "cannot be the condition of IIF")]
    [InlineData("SingleAppRoleAssignment([roles])", 25, "takes the attribute [appRoleAssignments]")]
    [InlineData("Replace([a], , \"(unclosed\", , \"x\", , )", 16, "Invalid regular expression")]
    [InlineData("Replace([a], , \"(?<x>a)\", \"y\", \"x\", , )", 27, "not a group of the pattern")]
    [InlineData("BitAnd(&HZZ, 1)", 8, "Invalid hex number")]
    [InlineData("Append(\"a\", 'b')", 13, "strings use double quotes")]
    public void Compile_ThrowsWithPositionAndExpectation_WhenSyntaxIsInvalid(string text, int position, string expected)
    {
        var error = Eval.Compiler().Validate(text);

        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(position {position})", error.MessageWithPosition, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RejectsText_WhenLongerThanTenThousandCharacters()
    {
        var text = $"\"{new string('x', 9_999)}\"";

        var error = Eval.Compiler().Validate(text);

        Assert.NotNull(error);
        Assert.Contains("limit is 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Accepts_TenThousandCharacters()
    {
        var text = $"\"{new string('x', 9_998)}\"";

        Assert.Equal(9_998, Eval.Single(text).Length);
    }

    [Fact]
    public void Compile_RejectsDeepNesting_WithoutOverflowingTheStack()
    {
        var text = string.Concat(Enumerable.Repeat("ToLower(", 1_000)) + "\"x\"" + new string(')', 1_000);

        var error = Eval.Compiler().Validate(text);

        Assert.NotNull(error);
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Company name: \\\"Contoso\\\"\"", "Company name: \"Contoso\"")]
    [InlineData("\"\\\\d\"", "\\d")]
    [InlineData("\"C:\\temp\"", "C:\\temp")]
    [InlineData("  \"spaced\"  ", "spaced")]
    [InlineData("42", "42")]
    [InlineData("-3", "-3")]
    [InlineData("&HF7", "247")]
    [InlineData("True", "True")]
    public void Compile_ReadsConstants(string text, string expected) => Assert.Equal(expected, Eval.Single(text));

    [Fact]
    public void Compile_ReturnsCachedInstance_ForSameText()
    {
        var compiler = Eval.Compiler();

        Assert.Same(compiler.Compile("ToLower([mail])"), compiler.Compile("ToLower([mail])"));
    }

    [Fact]
    public void Compile_ListsReferencedAttributes_AndTopLevelFunction()
    {
        var compiled = Eval.Compiler().Compile("Join(\"@\", IIF([Country] = \"US\", [mail], [upn]), AppRoleAssignmentsComplex([appRoleAssignments]))");

        Assert.Equal(["appRoleAssignments", "Country", "mail", "upn"], compiled.Attributes);
        Assert.Equal("Join", compiled.TopLevelFunction);
        Assert.Null(Eval.Compiler().Compile("[mail]").TopLevelFunction);
    }

    [Fact]
    public void Compile_ParsesOmittedArguments_AsAbsent()
    {
        Assert.Equal("john", Eval.Single("Replace([mail], \"@contoso.com\", , ,\"\", ,)", ("mail", "john@contoso.com")));
    }

    [Fact]
    public void Evaluate_ReadsAttributes_CaseInsensitively()
    {
        Assert.Equal("a@b.c", Eval.Single("[MAIL]", ("mail", "a@b.c")));
    }

    [Fact]
    public void Evaluate_ThrowsWithPosition_WhenStepBudgetIsExhausted()
    {
        var compiler = new ExpressionCompiler(new ExpressionOptions { StepBudget = 50 });
        var values = Enumerable.Range(0, 100).Select(i => $"v{i}").ToList();

        var error = Assert.Throws<ExpressionException>(() =>
            compiler.Evaluate("Join(\",\", [list])", Eval.Input(("list", values))));

        Assert.Contains("budget of 50 steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompiledExpression_GivesSameResults_FromManyThreads()
    {
        var compiled = Eval.Compiler().Compile("Join(\".\", ToLower(NormalizeDiacritics([givenName])), Replace([sn], , \"[^A-Za-z]\", , \"\", , ))");

        var results = Enumerable.Range(0, 2_000).AsParallel()
            .Select(i => compiled.Evaluate(Eval.Input(("givenName", $"Zoë{i}"), ("sn", "O'Brien"))).Text)
            .ToList();

        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => $"zoe{i}.OBrien"), results);
    }

    [Fact]
    public void Evaluate_IgnoresCurrentCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
            Assert.Equal("title", Eval.Single("ToLower(\"TITLE\")"));
            Assert.Equal("True", Eval.Single("IIF(\"1.5\" < \"10\", True, False)"));
            Assert.Equal("1.5", Eval.Single("[n]", ("n", 1.5)));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void ExpressionValue_ComparesListsByContent()
    {
        Assert.Equal(ExpressionValue.Multi(["a", "b"]), Eval.Value("Split(\"a,b\", \",\")"));
        Assert.NotEqual(ExpressionValue.Single("a"), ExpressionValue.Single("a", isRedacted: true));
        Assert.Same(ExpressionValue.None, ExpressionValue.Multi([]));
    }

    [Fact]
    public void Evaluate_ConvertsAttributeValues_Invariantly()
    {
        Assert.Equal("True", Eval.Single("[accountEnabled]", ("accountEnabled", true)));
        Assert.Equal("1.5", Eval.Single("[n]", ("n", 1.5m)));
        Eval.None("[missing]");
        Eval.None("[present]", ("present", null));
        Eval.None("[empty]", ("empty", Array.Empty<string>()));
        Assert.Equal(["A", "B"], Eval.Multi("ToUpper(ToLower([withNull]))", ("withNull", new[] { "A", null!, "B" })));
    }
}
