using Bunit;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Mappings;

namespace Portal.Web.Tests.Components;

public sealed class AttributeMappingEditorTests : UiTestBase
{
    private readonly List<AttributeMapping> _saved = [];

    [Fact]
    public async Task Ok_ShowsTheSyntaxErrorAtItsPosition_WhenTheExpressionIsNotClosed()
    {
        var mapping = new AttributeMapping { TargetAttribute = "displayName", Type = MappingType.Expression, Source = "Join(\" \", [givenName], [surname]" };
        var cut = Render(mapping);

        cut.InputLabelled("Expression").Input("Join(\" \", [givenName], [surname]");
        await cut.ClickButtonAsync("Ok");

        var error = cut.Find("[data-testid=expression-error]");
        // The text has 32 characters; the language reports the missing ')' just past the end, at position 33 (1-based).
        Assert.Equal("Syntax error at position 33", error.GetAttribute("aria-label"));
        var lines = error.TextContent.Split('\n');
        Assert.Equal(new string(' ', 32) + "^ position 33", lines[1]);
        // Below the caret, what is wrong in words.
        Assert.Contains(")", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("(position 33)", lines[2].TrimEnd(), StringComparison.Ordinal);
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Ok_NamesTheField_WhenTheTargetAttributeIsAlreadyMapped()
    {
        var existing = new AttributeMapping { TargetAttribute = "userName", Source = "userPrincipalName", IsMatching = true, MatchingPrecedence = 1 };
        var mapping = new AttributeMapping { TargetAttribute = "title", Source = "jobTitle" };
        var cut = Render(mapping, existing);

        cut.InputLabelled("Target attribute").Input("userName");
        cut.WaitForAssertion(() => Assert.Equal("userName", cut.InputLabelled("Target attribute").GetAttribute("value")));
        await cut.ClickButtonAsync("Ok");

        Assert.Contains("Target attribute 'userName' is already mapped; edit that mapping instead.", cut.Markup);
        Assert.Equal("userName", cut.InputLabelled("Target attribute").GetAttribute("value"));
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Ok_RefusesADuplicateMatchingPrecedence_WhenAnotherMatchingAttributeHasIt()
    {
        var existing = new AttributeMapping { TargetAttribute = "userName", Source = "userPrincipalName", IsMatching = true, MatchingPrecedence = 1 };
        var mapping = new AttributeMapping { TargetAttribute = "externalId", Source = "mailNickname", IsMatching = true, MatchingPrecedence = 1 };
        var cut = Render(mapping, existing);

        await cut.ClickButtonAsync("Ok");

        Assert.Contains("Matching precedence 1 is used by another matching attribute", cut.Markup);
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Ok_SavesTheEditedMapping_WhenItIsValid()
    {
        var mapping = new AttributeMapping { TargetAttribute = "title", Type = MappingType.Direct, Source = "jobTitle" };
        var cut = Render(mapping);

        cut.InputLabelled("Source attribute").Input("department");
        // The field updates its value asynchronously; wait for it before pressing Ok, as a user's next click would.
        cut.WaitForAssertion(() => Assert.Equal("department", cut.InputLabelled("Source attribute").GetAttribute("value")));
        await cut.ChangeInputAsync("Default value if null (optional)", "Unassigned");
        await cut.ClickButtonAsync("Ok");

        var saved = Assert.Single(_saved);
        Assert.Equal("department", saved.Source);
        Assert.Equal("Unassigned", saved.DefaultValue);
        Assert.Equal("title", saved.TargetAttribute);
    }

    [Fact]
    public async Task Ok_NamesTheMeantAttribute_AndKeepsWhatWasTyped_WhenTheSourceAttributeIsMisspelt()
    {
        var mapping = new AttributeMapping { TargetAttribute = "title", Type = MappingType.Direct, Source = "jobTitle" };
        var cut = Render(mapping);

        cut.InputLabelled("Source attribute").Input("departmnet");
        cut.WaitForAssertion(() => Assert.Equal("departmnet", cut.InputLabelled("Source attribute").GetAttribute("value")));
        await cut.ClickButtonAsync("Ok");

        Assert.Contains("'departmnet' is not an attribute of directory users; did you mean 'department'?", cut.Markup);
        Assert.Equal("departmnet", cut.InputLabelled("Source attribute").GetAttribute("value"));
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Ok_NamesTheUnknownAttribute_ThatAnExpressionReads()
    {
        var mapping = new AttributeMapping { TargetAttribute = "displayName", Type = MappingType.Expression, Source = "Join(\" \", [givenName], [surnmae])" };
        var cut = Render(mapping);

        await cut.ClickButtonAsync("Ok");

        Assert.Contains("The expression names 'surnmae' is not an attribute of directory users; did you mean 'surname'?", cut.Markup);
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Ok_SaysWhereSelectUniqueValueMayStand_AndSavesItThere()
    {
        var mapping = new AttributeMapping
        {
            TargetAttribute = "userName", Type = MappingType.Expression, Source = "SelectUniqueValue([mailNickname], [userPrincipalName])",
            IsMatching = true, MatchingPrecedence = 1,
        };
        var cut = Render(mapping);

        await cut.ClickButtonAsync("Ok");

        // Both at once, so one round of fixes is enough.
        Assert.Contains("SelectUniqueValue chooses a value when the account is created, so it cannot be a matching attribute", cut.Markup);
        Assert.Contains("SelectUniqueValue chooses the value once, when the account is created: apply this mapping only during object creation.", cut.Markup);
        Assert.Empty(_saved);
        mapping.IsMatching = false;
        mapping.Apply = ApplyMapping.ObjectAddOnly;
        cut.Render();
        await cut.ClickButtonAsync("Ok");

        Assert.Equal("SelectUniqueValue([mailNickname], [userPrincipalName])", Assert.Single(_saved).Source);
    }

    [Fact]
    public void Fields_OfferTheDirectorysAndTheTargetsAttributes_OfTheMappedKind()
    {
        var cut = Render(new AttributeMapping { TargetAttribute = "displayName", Type = MappingType.Direct, Source = "displayName" }, kind: ObjectKind.Group);

        var sources = cut.Find("#" + cut.InputLabelled("Source attribute").GetAttribute("list"));
        var targets = cut.Find("#" + cut.InputLabelled("Target attribute").GetAttribute("list"));

        Assert.Contains(sources.QuerySelectorAll("option"), o => o.GetAttribute("value") == "mailNickname");
        Assert.DoesNotContain(sources.QuerySelectorAll("option"), o => o.GetAttribute("value") == "givenName");
        Assert.Equal(["displayName", "externalId", "members"], targets.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
    }

    private IRenderedComponent<AttributeMappingEditor> Render(AttributeMapping mapping, params AttributeMapping[] siblings) => Render(mapping, ObjectKind.User, siblings);

    private IRenderedComponent<AttributeMappingEditor> Render(AttributeMapping mapping, ObjectKind kind, params AttributeMapping[] siblings) =>
        Context.Render<AttributeMappingEditor>(p => p
            .Add(e => e.Mapping, mapping)
            .Add(e => e.Kind, kind)
            .Add(e => e.Siblings, siblings.Append(mapping).ToList())
            .Add(e => e.OnSave, m => _saved.Add(m)));
}
