using Bunit;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Mappings;
using Portal.Web.Features.Mappings;

namespace Portal.Web.Tests.Components;

public sealed class ScopingFilterEditorTests : UiTestBase
{
    [Fact]
    public async Task AddScopingFilter_AddsAFilterWithOneClause_WhenClicked()
    {
        var filters = new List<ScopingFilter>();
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        await cut.ClickButtonAsync("Add scoping filter");

        var filter = Assert.Single(filters);
        Assert.Single(filter.Clauses);
        Assert.Single(cut.FindAll("[data-testid=scoping-clause]"));
        Assert.Contains("Clause 1: choose the source attribute.", cut.Markup);
        Assert.False(cut.Instance.IsValid);
    }

    [Fact]
    public async Task Editor_NamesTheClause_WhenAnOperatorNeedsAValueThatIsMissing()
    {
        var filters = new List<ScopingFilter> { Filter("department", "EQUALS", null) };
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        Assert.Contains("Clause 1: EQUALS needs a value.", cut.Markup);
        cut.InputLabelled("Clause 1 value").Input("Sales");

        cut.WaitForAssertion(() => Assert.Equal("Sales", filters[0].Clauses[0].Value));
        Assert.DoesNotContain("needs a value", cut.Markup);
        Assert.True(cut.Instance.IsValid);
    }

    [Fact]
    public async Task Editor_DisablesTheValue_WhenTheOperatorTakesNone()
    {
        var filters = new List<ScopingFilter> { Filter("jobTitle", "IS NOT NULL", null) };
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        Assert.True(cut.InputLabelled("Clause 1 value").HasAttribute("disabled"));
        Assert.True(cut.Instance.IsValid);
    }

    [Fact]
    public async Task Editor_RejectsAnIntegerOperator_WhenTheValueIsNotAnInteger()
    {
        var filters = new List<ScopingFilter> { Filter("employeeId", "Greater_Than", "abc") };
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        Assert.Contains("Clause 1: Greater_Than compares integers; 'abc' is not one.", cut.Markup);
        Assert.False(cut.Instance.IsValid);
    }

    [Fact]
    public async Task AddClause_AndRemoveFilter_ChangeTheFilters_WhenClicked()
    {
        var filters = new List<ScopingFilter> { Filter("department", "EQUALS", "Sales") };
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        await cut.ClickButtonAsync("Add clause to filter 1");
        Assert.Equal(2, filters[0].Clauses.Count);

        await cut.ClickButtonAsync("Remove scoping filter 1");
        Assert.Empty(filters);
    }

    [Fact]
    public void Editor_NamesTheMeantAttribute_WhenAClauseNamesOneTheDirectoryLacks()
    {
        var filters = new List<ScopingFilter> { Filter("departement", "EQUALS", "Sales") };
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        Assert.Contains("Clause 1: 'departement' is not an attribute of directory users; did you mean 'department'?", cut.Markup);
        Assert.False(cut.Instance.IsValid);
    }

    [Fact]
    public void Editor_OffersTheMembershipAndLessThanOperators_AndAMembershipClauseNeedsOnlyAGroup()
    {
        var filters = new List<ScopingFilter> { Filter(string.Empty, "IS MEMBER OF", null) };
        var cut = Context.Render<ScopingFilterEditor>(p => p.Add(e => e.Filters, filters));

        Assert.True(cut.InputLabelled("Clause 1 source attribute").HasAttribute("disabled"));
        Assert.Contains("Clause 1: IS MEMBER OF needs a group's object id as its value.", cut.Markup);

        cut.InputLabelled("Clause 1 value").Input("5f0c2f4e-3c41-4f7a-9d0e-2a6b1c8d9e10");
        cut.WaitForAssertion(() => Assert.True(cut.Instance.IsValid));
        Assert.Contains("Less_Than_OR_EQUALS", ScopingOperators.All);
        Assert.Contains("IS NOT MEMBER OF", ScopingOperators.All);
    }

    private static ScopingFilter Filter(string attribute, string op, string? value) => new()
    {
        Name = "Sales only",
        Clauses = [new ScopingFilterClause { SourceAttribute = attribute, Operator = op, Value = value }],
    };
}
