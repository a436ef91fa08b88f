using Portal.Data.Entities;
using Portal.Provisioning.Scope;

namespace Portal.Provisioning.Tests.Scope;

public sealed class ScopingFilterEvaluatorTests
{
    private static readonly HashSet<string> NoGroups = [];

    [Theory]
    [InlineData("EQUALS", "Sales", "Sales", true)]
    [InlineData("EQUALS", "sales", "Sales", false)]
    [InlineData("NOT EQUALS", "Sales", "Marketing", true)]
    [InlineData("NOT EQUALS", "Sales", "Sales", false)]
    [InlineData("NOT EQUALS", "sales", "Sales", true)]
    [InlineData("&", "NY", "NY,LA,SF", true)]
    [InlineData("&", "Boston", "NY,LA,SF", false)]
    [InlineData("!&", "Boston", "NY,LA,SF", true)]
    [InlineData("!&", "LA", "NY,LA,SF", false)]
    [InlineData("ENDS_WITH", "ann@contoso.com", "@contoso.com", true)]
    [InlineData("ENDS_WITH", "ann@fabrikam.com", "@contoso.com", false)]
    [InlineData("Includes", "Engineering Lead", "Lead", true)]
    [InlineData("Includes", "Engineering Lead", "lead", false)]
    [InlineData("Greater_Than", "1500000", "1000000", true)]
    [InlineData("Greater_Than", "1000000", "1000000", false)]
    [InlineData("Greater_Than", "12a", "10", false)]
    [InlineData("Greater_Than_OR_EQUALS", "1000000", "1000000", true)]
    [InlineData("Greater_Than_OR_EQUALS", "999999", "1000000", false)]
    [InlineData("Less_Than", "5", "10", true)]
    [InlineData("Less_Than", "10", "10", false)]
    [InlineData("Less_Than_OR_EQUALS", "10", "10", true)]
    [InlineData("Less_Than_OR_EQUALS", "11", "10", false)]
    [InlineData("IS TRUE", "True", null, true)]
    [InlineData("IS TRUE", "False", null, false)]
    [InlineData("IS FALSE", "false", null, true)]
    [InlineData("IS FALSE", "true", null, false)]
    [InlineData("IS NULL", "x", null, false)]
    [InlineData("IS NOT NULL", "x", null, true)]
    [InlineData("REGEX MATCH", "42", "([1-9][0-9])", true)]
    [InlineData("REGEX MATCH", "420", "([1-9][0-9])", false)]
    [InlineData("REGEX MATCH", "ann@contoso.com", @".*\@contoso.com", true)]
    [InlineData("REGEX MATCH", "ANN@CONTOSO.COM", @"ann.*", false)]
    [InlineData("NOT REGEX MATCH", "ann@fabrikam.com", @".*\@contoso.com", true)]
    [InlineData("NOT REGEX MATCH", "ann@contoso.com", @".*\@contoso.com", false)]
    public void Matches_FollowsEntraSemantics_ForEachOperator(string op, string attributeValue, string? clauseValue, bool expected)
    {
        var attributes = new Dictionary<string, object?> { ["a"] = attributeValue };

        var result = ScopingFilterEvaluator.Matches(Clause(op, clauseValue), attributes, NoGroups);

        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("EQUALS", false)]
    [InlineData("NOT EQUALS", false)]
    [InlineData("NOT REGEX MATCH", false)]
    [InlineData("!&", false)]
    [InlineData("Includes", false)]
    [InlineData("IS TRUE", false)]
    [InlineData("IS FALSE", false)]
    [InlineData("IS NOT NULL", false)]
    [InlineData("IS NULL", true)]
    public void Matches_IsFalseExceptForIsNull_WhenValueIsNullOrEmpty(string op, bool expected)
    {
        foreach (var value in new object?[] { null, string.Empty })
        {
            var attributes = new Dictionary<string, object?> { ["a"] = value };
            Assert.Equal(expected, ScopingFilterEvaluator.Matches(Clause(op, "x"), attributes, NoGroups));
        }

        Assert.Equal(expected, ScopingFilterEvaluator.Matches(Clause(op, "x"), new Dictionary<string, object?>(), NoGroups));
    }

    [Fact]
    public void Matches_UsesBooleanValues_WhenAttributeIsBoolean()
    {
        var attributes = new Dictionary<string, object?> { ["a"] = true };

        Assert.True(ScopingFilterEvaluator.Matches(Clause("IS TRUE", null), attributes, NoGroups));
        Assert.False(ScopingFilterEvaluator.Matches(Clause("IS FALSE", null), attributes, NoGroups));
    }

    [Fact]
    public void Matches_NeedsOneValueForPositiveAndAllValuesForNegatedOperators_WhenMultiValued()
    {
        var attributes = new Dictionary<string, object?> { ["a"] = new List<string> { "alpha", "beta" } };

        Assert.True(ScopingFilterEvaluator.Matches(Clause("EQUALS", "beta"), attributes, NoGroups));
        Assert.False(ScopingFilterEvaluator.Matches(Clause("NOT EQUALS", "beta"), attributes, NoGroups));
        Assert.True(ScopingFilterEvaluator.Matches(Clause("NOT EQUALS", "gamma"), attributes, NoGroups));
        Assert.True(ScopingFilterEvaluator.Matches(Clause("IS NULL", null), new Dictionary<string, object?> { ["a"] = new List<string>() }, NoGroups));
    }

    [Fact]
    public void Matches_ChecksGroupMembership_WhenClauseIsMemberOf()
    {
        var groups = new HashSet<string> { "g-sales" };

        Assert.True(ScopingFilterEvaluator.Matches(Clause("IS MEMBER OF", "g-sales"), new Dictionary<string, object?>(), groups));
        Assert.False(ScopingFilterEvaluator.Matches(Clause("IS MEMBER OF", "g-hr"), new Dictionary<string, object?>(), groups));
        Assert.True(ScopingFilterEvaluator.Matches(Clause("IS NOT MEMBER OF", "g-hr"), new Dictionary<string, object?>(), groups));
    }

    [Fact]
    public void Passes_AndsClausesAndOrsFilters()
    {
        var ny = new ScopingFilter { Name = "NY engineers", Clauses = [Clause("EQUALS", "NY", "city"), Clause("EQUALS", "Engineering", "department")] };
        var sales = new ScopingFilter { Name = "Sales", Clauses = [Clause("EQUALS", "Sales", "department")] };
        var filters = new[] { ny, sales };

        Assert.True(ScopingFilterEvaluator.Passes(filters, Attributes(("city", "NY"), ("department", "Engineering")), NoGroups));
        Assert.False(ScopingFilterEvaluator.Passes(filters, Attributes(("city", "LA"), ("department", "Engineering")), NoGroups));
        Assert.True(ScopingFilterEvaluator.Passes(filters, Attributes(("city", "LA"), ("department", "Sales")), NoGroups));
        Assert.True(ScopingFilterEvaluator.Passes([], Attributes(), NoGroups));
    }

    [Fact]
    public void Matches_ThrowsNamingTheOperator_WhenOperatorIsUnknown()
    {
        var error = Assert.Throws<ScopingFilterException>(() =>
            ScopingFilterEvaluator.Matches(Clause("STARTS_WITH", "x"), Attributes(("a", "xyz")), NoGroups));

        Assert.Contains("STARTS_WITH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a)|(b")]
    [InlineData("x)|.*|(y")]
    public void Matches_ThrowsInvalidRegex_WhenThePatternOnlyParsesInsideTheWholeValueAnchors(string pattern)
    {
        // Wrapped as ^(?:a)|(b)$ such a pattern would parse and match any value starting with "a"; on its own it is no regex.
        var error = Assert.Throws<ScopingFilterException>(() =>
            ScopingFilterEvaluator.Matches(Clause("REGEX MATCH", pattern), Attributes(("a", "abc")), NoGroups));

        Assert.Contains("is invalid", error.Message, StringComparison.Ordinal);
    }

    private static ScopingFilterClause Clause(string op, string? value, string attribute = "a") =>
        new() { SourceAttribute = attribute, Operator = op, Value = value };

    private static Dictionary<string, object?> Attributes(params (string Name, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
}
