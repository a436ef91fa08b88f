namespace Portal.Provisioning.Tests.Expressions;

public sealed class TextFunctionTests
{
    [Theory]
    [InlineData("Append([userPrincipalName], \".test\")", "John.Doe@contoso.com.test")]
    [InlineData("Append([userPrincipalName], [missing])", "John.Doe@contoso.com")]
    [InlineData("Left(\"John Doe\", 3)", "Joh")]
    [InlineData("Left(\"John Doe\", 0)", "")]
    [InlineData("Left(\"John Doe\", -1)", "John Doe")]
    [InlineData("Left(\"John\", 10)", "John")]
    [InlineData("Left([missing], 3)", "")]
    [InlineData("Len(\"John Doe\")", "8")]
    [InlineData("Len(\"\")", "0")]
    [InlineData("Len([missing])", "0")]
    [InlineData("Len(12345)", "5")]
    [InlineData("Mid(\"John Doe\", 3, 5)", "hn Do")]
    [InlineData("Mid(\"John Doe\", 6, 10)", "Doe")]
    [InlineData("Mid(\"John Doe\", 20, 2)", "")]
    [InlineData("StripSpaces(\"John Doe \")", "JohnDoe")]
    [InlineData("ToLower(\"JOHN DOE\")", "john doe")]
    [InlineData("ToUpper(\"john doe\")", "JOHN DOE")]
    [InlineData("ToUpper(\"istanbul\", \"tr-TR\")", "İSTANBUL")]
    [InlineData("ToLower(\"TITLE\", \"en-US\")", "title")]
    [InlineData("Word(\"The quick brown fox\", 3, \" \")", "brown")]
    [InlineData("Word(\"This,string!has&many separators\", 3, \",!&#\")", "has")]
    [InlineData("Word(\"The quick\", 5, \" \")", "")]
    [InlineData("Word(\"The quick\", 0, \" \")", "")]
    [InlineData("Word([missing], 1, \" \")", "")]
    [InlineData("PCase(\"NEW YORK\")", "New York")]
    [InlineData("PCase(\"PABLO GONSALVES (SECOND)\")", "Pablo Gonsalves (Second)")]
    [InlineData("PCase(\"st john's\")", "St John's")]
    [InlineData("PCase(\"mary-jane SMITH\", \"-\")", "Mary-Jane smith")]
    [InlineData("PCase(\"ann_lee kim\", \"_ \")", "Ann_Lee Kim")]
    [InlineData("NormalizeDiacritics(\"Zoë Łukasz Straße Øster Æsop\")", "Zoe Lukasz Strasse OEster AEsop")]
    [InlineData("NormalizeDiacritics(\"plain ascii\")", "plain ascii")]
    [InlineData("NormalizeDiacritics(\"œuvre\")", "œuvre")]
    [InlineData("ConvertToBase64(\"Hello world!\")", "SABlAGwAbABvACAAdwBvAHIAbABkACEA")]
    [InlineData("ConvertToUTF8Hex(\"Hello world!\")", "48656C6C6F20776F726C6421")]
    [InlineData("ConvertToUTF8Hex(\"é\")", "C3A9")]
    [InlineData("CStr([dn])", "cn=Joe,dc=contoso,dc=com")]
    [InlineData("CStr([accountEnabled])", "True")]
    [InlineData("InStr(\"The quick brown fox\", \"quick\")", "5")]
    [InlineData("InStr(\"repEated\", \"e\", 3, vbBinaryCompare)", "7")]
    [InlineData("InStr(\"repEated\", \"e\", 3, vbTextCompare)", "4")]
    [InlineData("InStr(\"abc\", \"z\")", "0")]
    [InlineData("InStr(\"abc\", \"\")", "1")]
    [InlineData("InStr([missing], \"a\")", "0")]
    public void TextFunction_GivesDocumentedResult(string text, string expected)
    {
        Assert.Equal(expected, Eval.Single(text,
            ("userPrincipalName", "John.Doe@contoso.com"), ("dn", "cn=Joe,dc=contoso,dc=com"), ("accountEnabled", true)));
    }

    [Fact]
    public void NormalizeDiacritics_ReplacesCombiningSequences_AndDecomposedInput()
    {
        Assert.Equal("a", Eval.Single("NormalizeDiacritics(\"ā\u0301\")"));
        Assert.Equal("u", Eval.Single("NormalizeDiacritics(\"u\u0307\u0304\")"));
        Assert.Equal("Rene", Eval.Single("NormalizeDiacritics(\"Rene\u0301\")"));
        Assert.Equal("c", Eval.Single("NormalizeDiacritics(\"c\")"));
    }

    [Theory]
    [InlineData("Append")]
    [InlineData("ToLower")]
    [InlineData("ToUpper")]
    [InlineData("StripSpaces")]
    [InlineData("NormalizeDiacritics")]
    [InlineData("PCase")]
    [InlineData("ConvertToBase64")]
    [InlineData("ConvertToUTF8Hex")]
    [InlineData("CStr")]
    [InlineData("Mid")]
    public void TextFunction_GivesNoValue_WhenSourceIsNull(string function)
    {
        var arguments = function switch
        {
            "Append" => "[missing], \"x\"",
            "Mid" => "[missing], 1, 2",
            _ => "[missing]",
        };

        Eval.None($"{function}({arguments})");
    }

    [Fact]
    public void TextFunction_MapsEachValue_WhenSourceIsMultiValued()
    {
        var addresses = Eval.List("SMTP:John@Contoso.com", "smtp:J.Doe@Contoso.com");

        Assert.Equal(["smtp:john@contoso.com", "smtp:j.doe@contoso.com"], Eval.Multi("ToLower([proxyAddresses])", ("proxyAddresses", addresses)));
        Assert.Equal(["SMTP", "smtp"], Eval.Multi("Left([proxyAddresses], 4)", ("proxyAddresses", addresses)));
        Assert.Equal(["SMTP:John@Contoso.com;", "smtp:J.Doe@Contoso.com;"], Eval.Multi("Append([p], \";\")", ("p", addresses)));
    }

    [Theory]
    [InlineData("Left(\"abc\", \"x\")", "NumChars must be a whole number")]
    [InlineData("Left(\"abc\", [list])", "NumChars must be a single value")]
    [InlineData("Mid(\"abc\", 0, 1)", "start is 1-based")]
    [InlineData("Mid(\"abc\", 1, -1)", "length must not be negative")]
    [InlineData("ToLower(\"abc\", \"xx-notaculture-zz\")", "not a known culture")]
    [InlineData("InStr(\"abc\", \"a\", 0)", "start is 1-based")]
    [InlineData("InStr(\"abc\", \"a\", 1, \"sometimes\")", "vbBinaryCompare or vbTextCompare")]
    [InlineData("InStr([list], \"a\")", "value1 must be a single value")]
    [InlineData("CStr([list])", "value must be a single value")]
    [InlineData("Append(\"a\", [list])", "suffix must be a single value")]
    public void TextFunction_ThrowsWithArgumentName_WhenArgumentHasWrongType(string text, string expected)
    {
        var error = Eval.Error(text, ("list", Eval.List("a", "b")));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Position > 0);
    }
}
