using Portal.Provisioning.Expressions.Functions;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class FunctionLibraryTests
{
    public static TheoryData<string> FunctionNames => [.. FunctionLibrary.All.Select(f => f.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Compile_RejectsTooFewAndTooManyArguments_ForEveryFunction(string name)
    {
        Assert.True(FunctionLibrary.TryGet(name, out var function));
        var counts = new List<int>();
        if (function.MinArguments > 0)
        {
            counts.Add(function.MinArguments - 1);
        }

        if (function.MaxArguments != FunctionDefinition.Unbounded)
        {
            counts.Add(function.MaxArguments + 1);
        }

        Assert.NotEmpty(counts);
        foreach (var count in counts)
        {
            var text = $"{name}({string.Join(", ", Enumerable.Repeat("[appRoleAssignments]", count))})";

            var error = Eval.Compiler().Validate(text);

            Assert.NotNull(error);
            Assert.Equal(1, error.Position);
            Assert.Contains($"{name} expects", error.Message, StringComparison.Ordinal);
            Assert.Contains($"but got {count}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Library_ContainsEveryFunctionOfTheReference()
    {
        string[] reference =
        [
            "Append", "AppRoleAssignmentsComplex", "AssertiveAppRoleAssignmentsComplex", "BitAnd", "CBool", "CDate", "Coalesce",
            "ConvertToBase64", "ConvertToUTF8Hex", "Count", "CStr", "DateAdd", "DateDiff", "DateFromNum", "DefaultDomain",
            "FormatDateTime", "Guid", "IgnoreFlowIfNullOrEmpty", "IIF", "InStr", "IsNull", "IsNullOrEmpty", "IsPresent", "IsString",
            "Item", "Join", "Left", "Len", "Mid", "NormalizeDiacritics", "Not", "Now", "NumFromDate", "PCase", "RandomString", "Redact",
            "RemoveDuplicates", "Replace", "SelectUniqueValue", "SingleAppRoleAssignment", "Split", "StripSpaces", "Switch", "ToLower",
            "ToUpper", "Word",
        ];

        Assert.Equal(reference.Order(StringComparer.Ordinal), FunctionLibrary.All.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Documentation_DescribesEveryFunction_WithAnExample()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var docs = File.ReadAllText(Path.Combine(directory.FullName, "docs", "expressions.md"));
        foreach (var function in FunctionLibrary.All)
        {
            Assert.Contains($"### {function.Name}\n", docs, StringComparison.Ordinal);
            Assert.Contains($"`{function.Name}(", docs, StringComparison.Ordinal);
        }
    }
}
