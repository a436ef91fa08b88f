using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Matching;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Tests.Planning;

public sealed class ChangePlannerTests
{
    private static readonly ScopeDecision InScope = new(true, false, "In scope.", new Dictionary<string, string>());
    private static readonly ScopeDecision OutOfScope = new(false, false, "Not assigned to the application.", new Dictionary<string, string>());

    [Fact]
    public void Plan_Creates_WhenInScopeAndNotFound()
    {
        var change = Planner().Plan(Input(InScope, null, new MatchResult(MatchOutcome.NoMatch, null, null, []), ("userName", "ann"), ("title", "Dev")));

        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Equal(2, change.Changes.Count);
    }

    [Fact]
    public void Plan_UpdatesOnlyChangedAttributes_WhenLinked()
    {
        var link = Link("""{"userName":"ann","title":"Dev","@roles":["User"]}""");

        var change = Planner().Plan(Input(InScope, link, Linked(link), ("userName", "ann"), ("title", "Lead")));

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(["title"], change.Changes.Keys);
        Assert.Equal(new ModifiedProperty("title", "Dev", "Lead"), Assert.Single(change.Modified));
        Assert.Equal("ann", change.Values["userName"]!.GetValue<string>());
    }

    [Fact]
    public void Plan_SkipsAsRedundantExport_WhenNothingChanged()
    {
        var link = Link("""{"userName":"ann"}""");

        var change = Planner().Plan(Input(InScope, link, Linked(link), ("userName", "ann")));

        Assert.Equal(ChangeAction.Skip, change.Action);
        Assert.StartsWith("RedundantExport", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Disables_WhenALinkedUserLeavesScope_UnlessOutOfScopeDeletionsAreSkipped()
    {
        var link = Link("""{"userName":"ann"}""");

        Assert.Equal(ChangeAction.Disable, Planner().Plan(Input(OutOfScope, link, null)).Action);
        Assert.Equal(ChangeAction.Skip, Planner(skipOutOfScope: true).Plan(Input(OutOfScope, link, null)).Action);
    }

    [Fact]
    public void Plan_Deletes_WhenHardDeleted_AndTheDeleteActionIsOn()
    {
        var link = Link("""{"userName":"ann"}""");
        var input = Input(OutOfScope, link, null) with { Change = SourceChange.HardDeleted };

        Assert.Equal(ChangeAction.Delete, Planner().Plan(input).Action);
        Assert.Equal(ChangeAction.Skip, Planner(new ObjectMapping { Name = "u", TargetObjectName = "User", AllowDelete = false }).Plan(input).Action);
    }

    [Fact]
    public void Plan_RespectsTargetObjectActions_ForCreateAndUpdate()
    {
        var noCreate = new ObjectMapping { Name = "u", TargetObjectName = "User", AllowCreate = false, AllowUpdate = false };
        var link = Link("""{"title":"Dev"}""");

        Assert.Equal(ChangeAction.Skip, Planner(noCreate).Plan(Input(InScope, null, new MatchResult(MatchOutcome.NoMatch, null, null, []), ("title", "Dev"))).Action);
        Assert.Equal(ChangeAction.Skip, Planner(noCreate).Plan(Input(InScope, link, Linked(link), ("title", "Lead"))).Action);
    }

    [Fact]
    public void Plan_NeverDeprovisions_WhenInputFiltered()
    {
        var filtered = new ScopeDecision(false, true, "Filtered out by an input filter.", new Dictionary<string, string>());

        Assert.Equal(ChangeAction.Skip, Planner().Plan(Input(filtered, Link("{}"), null)).Action);
    }

    [Fact]
    public void Plan_UpdatesAllValues_WhenMatchedButNotLinked()
    {
        var change = Planner().Plan(Input(InScope, null, new MatchResult(MatchOutcome.Matched, "t-9", new("userName", "ann"), []), ("userName", "ann")));

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal("t-9", change.TargetId);
    }

    [Fact]
    public void Plan_SendsOnlyNewValuesToAdd_AndKeepsTheExportedOnes_ForAnAddOnlyAttribute()
    {
        var link = Link("""{"userName":"ann","roles":[{"value":"User"}]}""");
        var planner = new ChangePlanner(new ObjectMapping { Name = "u", TargetObjectName = "User" }, false, new HashSet<string> { "roles" });
        var mapped = new MappedObject(new Dictionary<string, JsonNode?> { ["userName"] = "ann", ["roles"] = JsonNode.Parse("""[{"value":"Admin"}]""") }, []);

        var change = planner.Plan(new PlanningInput(ObjectKind.User, "u1", "Ann", SourceChange.Present, InScope, link, Linked(link), mapped));
        var again = planner.Plan(new PlanningInput(ObjectKind.User, "u1", "Ann", SourceChange.Present, InScope,
            Link(new JsonObject { ["userName"] = "ann", ["roles"] = change.Values["roles"]!.DeepClone() }.ToJsonString()), Linked(link), mapped));

        Assert.Equal("""[{"value":"Admin"}]""", change.Changes["roles"]!.ToJsonString());
        Assert.Equal(["roles"], change.Added!);
        Assert.Equal("""[{"value":"User"},{"value":"Admin"}]""", change.Values["roles"]!.ToJsonString());
        Assert.Equal(ChangeAction.Skip, again.Action);
    }

    private static ChangePlanner Planner(ObjectMapping? mapping = null, bool skipOutOfScope = false) =>
        new(mapping ?? new ObjectMapping { Name = "u", TargetObjectName = "User" }, skipOutOfScope);

    private static LinkedObject Link(string json) => new() { SourceId = "u1", TargetId = "t-1", ExportedValuesJson = json };

    private static MatchResult Linked(LinkedObject link) => new(MatchOutcome.Linked, link.TargetId, null, []);

    private static PlanningInput Input(ScopeDecision scope, LinkedObject? link, MatchResult? match, params (string Name, string Value)[] values) =>
        new(ObjectKind.User, "u1", "Ann", SourceChange.Present, scope, link, match,
            scope.InScope ? new MappedObject(values.ToDictionary(v => v.Name, v => (JsonNode?)JsonValue.Create(v.Value)), []) : null);
}
