namespace Portal.Provisioning.Tests.Expressions;

public sealed class ListFunctionTests
{
    private static readonly (string, object?)[] Attributes =
    [
        ("proxyAddresses", Eval.List("SMTP:a@contoso.com", "smtp:b@contoso.com", "smtp:a@contoso.com", "SMTP:a@contoso.com")),
        ("givenName", "John"),
        ("sn", "Doe"),
        ("empty", ""),
        ("permissions", "PermissionSetOne, PermissionSetTwo"),
    ];

    [Theory]
    [InlineData("Count([proxyAddresses])", "4")]
    [InlineData("Count([givenName])", "1")]
    [InlineData("Count([missing])", "0")]
    [InlineData("Item([proxyAddresses], 2)", "smtp:b@contoso.com")]
    [InlineData("Item([givenName], 1)", "John")]
    [InlineData("Join(\".\", [givenName], [sn])", "John.Doe")]
    [InlineData("Join(\"\", [givenName], [sn])", "JohnDoe")]
    [InlineData("Join(\",\", [givenName], [empty], [missing], [sn])", "John,Doe")]
    [InlineData("Join(\";\", [proxyAddresses])", "SMTP:a@contoso.com;smtp:b@contoso.com;smtp:a@contoso.com;SMTP:a@contoso.com")]
    [InlineData("Join(\",\", [empty])", "")]
    public void ListFunction_GivesDocumentedResult(string text, string expected) => Assert.Equal(expected, Eval.Single(text, Attributes));

    [Fact]
    public void RemoveDuplicates_KeepsFirstOccurrences_InOrder()
    {
        Assert.Equal(["SMTP:a@contoso.com", "smtp:b@contoso.com", "smtp:a@contoso.com"], Eval.Multi("RemoveDuplicates([proxyAddresses])", Attributes));
        Assert.Equal("John", Eval.Single("RemoveDuplicates([givenName])", Attributes));
        Eval.None("RemoveDuplicates([missing])");
    }

    [Fact]
    public void Split_KeepsSpacesAroundDelimiter_AsDotNetDoes()
    {
        Assert.Equal(["PermissionSetOne", " PermissionSetTwo"], Eval.Multi("Split([permissions], \",\")", Attributes));
        Assert.Equal(["PermissionSetOne", "PermissionSetTwo"], Eval.Multi("Split([permissions], \", \")", Attributes));
        Assert.Equal(["John"], Eval.Multi("Split([givenName], \",\")", Attributes));
        Eval.None("Split([missing], \",\")");
    }

    [Fact]
    public void Split_FlattensEachValue_WhenSourceIsMultiValued()
    {
        Assert.Equal(["a", "b", "c"], Eval.Multi("Split([x], \"|\")", ("x", Eval.List("a|b", "c"))));
    }

    [Fact]
    public void Item_GivesNoValue_WhenIndexIsPastTheEnd()
    {
        Eval.None("Item([proxyAddresses], 5)", Attributes);
        Eval.None("Item([missing], 1)");
    }

    [Fact]
    public void Join_GivesNoValue_WhenNoSourceHasAValue() => Eval.None("Join(\",\", [a], [b])");

    [Theory]
    [InlineData("Item([proxyAddresses], 0)", "index is 1-based")]
    [InlineData("Item([proxyAddresses], \"first\")", "index must be a whole number")]
    [InlineData("Split([givenName], \"\")", "delimiter must be a non-empty string")]
    [InlineData("Join([proxyAddresses], [givenName])", "separator must be a single value")]
    public void ListFunction_Throws_WhenArgumentHasWrongType(string text, string expected) =>
        Assert.Contains(expected, Eval.Error(text, Attributes).Message, StringComparison.Ordinal);
}
