using Portal.Provisioning.Expressions;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class ReplaceFunctionTests
{
    private static readonly (string, object?)[] Attributes =
    [
        ("userPrincipalName", "john.doe@contoso.com"),
        ("mailNickname", "jdoe"),
        ("mobile", "+1 (999) 888-7777"),
        ("mail", "jane.roe@fabrikam.com"),
    ];

    [Theory]
    [InlineData("Replace([userPrincipalName], \"@contoso.com\", , , \"@fabrikam.com\", , )", "john.doe@fabrikam.com")]
    [InlineData("Replace([userPrincipalName], \"@contoso.com\", , ,\"\", ,)", "john.doe")]
    [InlineData("Replace([userPrincipalName], \"@CONTOSO.com\", , , \"x\", , )", "john.doe@contoso.com")]
    [InlineData("Replace([mailNickname], \"NAME\", , , , , \"NAME@contoso.com\")", "jdoe@contoso.com")]
    [InlineData("Replace([mobile], , \"[()\\\\s-]+\", , \"\", , )", "+19998887777")]
    [InlineData("Replace([mobile], , \"\\\\D\", , \"\", , )", "19998887777")]
    [InlineData("Replace([userPrincipalName], , \"(?<user>[^@]+)@(?<domain>.+)\", , \"${domain}\\\\${user}\", , )", "contoso.com\\john.doe")]
    [InlineData("Replace([userPrincipalName], , \"(?<Suffix>@(.)*)\", \"Suffix\", \"\", , )", "john.doe")]
    [InlineData("Replace([userPrincipalName], , \"(?<dot>\\\\.)\", \"dot\", \"_\", , )", "john_doe@contoso_com")]
    [InlineData("Replace([missing], , \"(?<name>[^@]+)@\", \"name\", , [mail], )", "jane.roe")]
    [InlineData("Replace([mailNickname], , \"(?<name>[^@]+)@\", \"name\", , [mail], )", "jdoe")]
    public void Replace_GivesDocumentedResult_ForEachMode(string text, string expected) => Assert.Equal(expected, Eval.Single(text, Attributes));

    [Fact]
    public void Replace_ReplacesEachValue_WhenSourceIsMultiValued()
    {
        var result = Eval.Multi("Replace([proxyAddresses], \"contoso\", , , \"fabrikam\", , )", ("proxyAddresses", Eval.List("smtp:a@contoso.com", "SMTP:b@contoso.com")));

        Assert.Equal(["smtp:a@fabrikam.com", "SMTP:b@fabrikam.com"], result);
    }

    [Fact]
    public void Replace_GivesNoValue_WhenSourceIsNull()
    {
        Eval.None("Replace([missing], \"a\", , , \"b\", , )");
        Eval.None("Replace([missing], , \"a\", , \"b\", , )");
        Eval.None("Replace([missing], , \"(?<n>a)\", \"n\", , [alsoMissing], )");
    }

    [Theory]
    [InlineData("Replace([mail], \"a\", , , , , )", "replacementValue (5th argument) or template")]
    [InlineData("Replace([mail], , , , \"x\", , )", "give oldValue (2nd argument) or regexPattern")]
    [InlineData("Replace([mail], , \"a\", , , , )", "give replacementValue")]
    [InlineData("Replace([mail], , [pattern], , \"x\", , )", "Invalid regular expression")]
    [InlineData("Replace([mail], [list], , , \"x\", , )", "oldValue must be a single value")]
    public void Replace_Throws_WhenArgumentsDoNotFormAMode(string text, string expected) =>
        Assert.Contains(expected, Eval.Error(text, ("mail", "a@b.c"), ("pattern", "(broken"), ("list", Eval.List("a", "b"))).Message, StringComparison.Ordinal);

    [Fact]
    public void Replace_ThrowsExpressionError_WhenRegexTimesOut()
    {
        var compiler = new ExpressionCompiler(new ExpressionOptions { RegexTimeout = TimeSpan.FromMilliseconds(20) });
        var input = Eval.Input(("x", new string('a', 5_000) + "!"));

        var error = Assert.Throws<ExpressionException>(() => compiler.Evaluate("Replace([x], , \"^(a+)+$\", , \"y\", , )", input));

        Assert.Contains("took longer than 20 ms", error.Message, StringComparison.Ordinal);
        Assert.Equal(16, error.Position);
    }
}
