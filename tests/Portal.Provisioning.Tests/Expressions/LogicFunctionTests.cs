using Portal.Provisioning.Expressions;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class LogicFunctionTests
{
    [Theory]
    [InlineData("IIF([country]=\"USA\", [country], [department])", "USA", "USA")]
    [InlineData("IIF([country]=\"USA\", [country], [department])", "Canada", "Sales")]
    [InlineData("IIF([country]<>\"USA\", \"other\", \"home\")", "USA", "home")]
    [InlineData("IIF([age] > 9, \"big\", \"small\")", "Canada", "big")]
    [InlineData("IIF([age] >= 10, \"big\", \"small\")", "Canada", "big")]
    [InlineData("IIF([age] < 9, \"small\", \"big\")", "Canada", "big")]
    [InlineData("IIF([age] <= 10, \"le\", \"gt\")", "Canada", "le")]
    [InlineData("IIF(IIF([country]=\"USA\", [department]=\"Sales\", False), \"US sales\", \"other\")", "USA", "US sales")]
    [InlineData("IIF(IsPresent([department]), [department], \"none\")", "USA", "Sales")]
    [InlineData("Switch([country], \"Other\", \"USA\", \"United States\", \"Canada\", \"CA\")", "Canada", "CA")]
    [InlineData("Switch([country], \"Other\", \"USA\", \"United States\")", "usa", "Other")]
    [InlineData("CBool([country] = [country])", "USA", "True")]
    [InlineData("CBool([age])", "USA", "True")]
    [InlineData("CBool(0)", "USA", "False")]
    [InlineData("Not([accountEnabled])", "USA", "False")]
    [InlineData("Not(\"False\")", "USA", "True")]
    [InlineData("IsNull([missing])", "USA", "True")]
    [InlineData("IsNull([empty])", "USA", "False")]
    [InlineData("IsNullOrEmpty([empty])", "USA", "True")]
    [InlineData("IsNullOrEmpty([department])", "USA", "False")]
    [InlineData("IsPresent([empty])", "USA", "False")]
    [InlineData("IsPresent([department])", "USA", "True")]
    [InlineData("IsString([department])", "USA", "True")]
    [InlineData("IsString([missing])", "USA", "False")]
    [InlineData("Coalesce([missing], [department], \"x\")", "USA", "Sales")]
    [InlineData("Coalesce([missing], [empty], \"x\")", "USA", "")]
    [InlineData("Coalesce([missing], \"default\")", "USA", "default")]
    [InlineData("BitAnd(&HF, &HF7)", "USA", "7")]
    [InlineData("BitAnd([uac], 2)", "USA", "2")]
    public void LogicFunction_GivesDocumentedResult(string text, string country, string expected)
    {
        Assert.Equal(expected, Eval.Single(text,
            ("country", country), ("department", "Sales"), ("age", "10"), ("accountEnabled", true), ("empty", ""), ("uac", "514")));
    }

    [Fact]
    public void IIF_TakesFalseBranch_WhenConditionAttributeIsNull()
    {
        Assert.Equal("unknown", Eval.Single("IIF([country]=\"USA\", \"home\", \"unknown\")"));
        Assert.Equal("unknown", Eval.Single("IIF([country]<>\"USA\", \"abroad\", \"unknown\")"));
    }

    [Fact]
    public void Switch_MatchesEmptyKey_WhenSourceIsNull()
    {
        Assert.Equal("Other", Eval.Single("Switch([country], [country], \"\", \"Other\")"));
        Assert.Equal("France", Eval.Single("Switch([country], [country], \"\", \"Other\")", ("country", "France")));
        Eval.None("Switch([active], , \"1\", \"true\", \"0\", \"false\")", ("active", "2"));
    }

    [Fact]
    public void Switch_AcceptsIsPresentAsSource_AsMicrosoftsExamplesDo()
    {
        const string text = "Switch(IsPresent([jobTitle]), \"DefaultValue\", \"True\", [jobTitle])";

        Assert.Equal("Engineer", Eval.Single(text, ("jobTitle", "Engineer")));
        Assert.Equal("DefaultValue", Eval.Single(text));
    }

    [Fact]
    public void IgnoreFlowIfNullOrEmpty_SuppressesFlow_WhenValueIsNullOrEmpty()
    {
        Assert.Equal(ExpressionFlow.IgnoreAttribute, Eval.Value("IgnoreFlowIfNullOrEmpty([department])").Flow);
        Assert.Equal(ExpressionFlow.IgnoreAttribute, Eval.Value("IgnoreFlowIfNullOrEmpty([department])", ("department", "")).Flow);
        Assert.Equal(ExpressionFlow.IgnoreAttribute,
            Eval.Value("IgnoreFlowIfNullOrEmpty(Switch([state], \"\", \"NSW\", \"Sydney\"))", ("state", "QLD")).Flow);
        Assert.Equal("Sales", Eval.Single("IgnoreFlowIfNullOrEmpty([department])", ("department", "Sales")));
    }

    [Fact]
    public void IgnoreAttributeFlow_PassesThroughIIF_AsNoFlow()
    {
        var value = Eval.Value("IIF([type] = \"Employee\", [department], IgnoreAttributeFlow)", ("type", "Contractor"), ("department", "Sales"));

        Assert.Equal(ExpressionValueKind.None, value.Kind);
        Assert.Equal(ExpressionFlow.IgnoreAttribute, value.Flow);
        Assert.Equal(ExpressionFlow.IgnoreObject, Eval.Value("IIF([x] = \"1\", \"keep\", IgnoreObjectFlow)").Flow);
    }

    [Fact]
    public void Redact_KeepsValue_AndMarksItRedacted()
    {
        var value = Eval.Value("Redact([password])", ("password", "s3cret"));

        Assert.Equal("s3cret", value.Text);
        Assert.True(value.IsRedacted);
    }

    [Fact]
    public void SelectUniqueValue_PicksFirstCandidateNotTaken()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "john.doe@contoso.com" };
        var input = Eval.Input(("givenName", "John"), ("sn", "Doe")) with { IsValueTaken = taken.Contains };
        var compiled = Eval.Compiler().Compile(
            "SelectUniqueValue(Join(\"@\", Join(\".\", [givenName], [sn]), \"contoso.com\"), Join(\"@\", Join(\".\", Left([givenName], 1), [sn]), \"contoso.com\"))");

        Assert.Equal("J.Doe@contoso.com", compiled.Evaluate(input).Text);
        Assert.Equal("john.doe@contoso.com", compiled.Evaluate(input with { IsValueTaken = null }).Text!.ToLowerInvariant());
        taken.Add("J.Doe@contoso.com");
        Assert.Contains("already exists", Assert.Throws<ExpressionException>(() => compiled.Evaluate(input)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UniqueValueCandidates_AreTheRulesValuesInOrder_WithoutEmptyOnes()
    {
        var compiler = Eval.Compiler();
        var compiled = compiler.Compile("SelectUniqueValue(Join(\"@\", [givenName], \"contoso.com\"), [nickname], Join(\"@\", Join(\".\", [givenName], [sn]), \"contoso.com\"))");

        Assert.True(compiled.SelectsUniqueValue);
        Assert.Equal(["John@contoso.com", "John.Doe@contoso.com"], compiled.UniqueValueCandidates(Eval.Input(("givenName", "John"), ("sn", "Doe"))));
        Assert.False(compiler.Compile("Join(\"@\", [givenName], \"contoso.com\")").SelectsUniqueValue);
        Assert.Null(compiler.Compile("[givenName]").UniqueValueCandidates(Eval.Input(("givenName", "John"))));
    }

    [Theory]
    [InlineData("IIF(\"maybe\", 1, 2)", "condition must be True, False")]
    [InlineData("CBool(\"yes\")", "Expression must be True, False")]
    [InlineData("BitAnd(\"a\", 1)", "value1 must be a whole number")]
    [InlineData("IIF([list] = \"a\", 1, 2)", "multi-valued")]
    [InlineData("Switch([list], \"d\", \"a\", \"b\")", "source must be a single value")]
    [InlineData("Not([list])", "source must be a single value")]
    public void LogicFunction_Throws_WhenArgumentHasWrongType(string text, string expected) =>
        Assert.Contains(expected, Eval.Error(text, ("list", Eval.List("a", "b"))).Message, StringComparison.Ordinal);

    [Fact]
    public void LogicFunction_HandlesNullInputs()
    {
        Assert.Equal("False", Eval.Single("CBool([missing])"));
        Assert.Equal("True", Eval.Single("Not([missing])"));
        Eval.None("BitAnd([missing], 1)");
        Eval.None("Coalesce([a], [b])");
        Assert.Equal("True", Eval.Single("IsPresent([list])", ("list", Eval.List("a"))));
        Assert.Equal("False", Eval.Single("IsString([list])", ("list", Eval.List("a", "b"))));
    }
}
