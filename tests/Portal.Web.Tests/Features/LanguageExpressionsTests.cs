using Portal.Provisioning.Expressions;
using Portal.Web.Features.Mappings;

namespace Portal.Web.Tests.Features;

/// <summary>What the mapping editor's tester shows for one directory user.</summary>
public sealed class LanguageExpressionsTests
{
    private readonly LanguageExpressions _expressions = new(new ExpressionCompiler());

    [Fact]
    public void Evaluate_ShowsEverySelectUniqueValueCandidate_InTheOrderACycleTriesThem()
    {
        var attributes = new Dictionary<string, object?> { ["givenName"] = "Ada", ["surname"] = "Lovelace", ["mailNickname"] = null };

        var result = _expressions.Evaluate("SelectUniqueValue([mailNickname], [givenName], Join(\".\", [givenName], [surname]))", attributes);

        Assert.Equal(("Ada", null), (result.Value, result.Error));
        Assert.Equal(["Ada", "Ada.Lovelace"], result.Candidates);
        Assert.True(_expressions.SelectsUniqueValue("SelectUniqueValue([a], [b])"));
        Assert.False(_expressions.SelectsUniqueValue("Join(\".\", [a], [b])"));
        Assert.Null(_expressions.Evaluate("[givenName]", attributes).Candidates);
    }
}
