using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Tests.Reconciliation;

public sealed class TargetReconcilerTests
{
    [Theory]
    [InlineData("\"Sales\"", "\"sales\"", true)]
    [InlineData("\"True\"", "true", true)]
    [InlineData("\"Sales\"", "\"Marketing\"", false)]
    [InlineData("\"Sales\"", "null", false)]
    // Targets add sub-attributes and elements of their own; what was exported is still there.
    [InlineData("""[{"value":"a@x","type":"work"}]""", """[{"value":"home@x","type":"home"},{"value":"a@x","type":"work","primary":true}]""", true)]
    [InlineData("""[{"value":"a@x","type":"work"}]""", """[{"value":"b@x","type":"work"}]""", false)]
    [InlineData("""{"givenName":"Ann","familyName":"Lee"}""", """{"givenName":"Ann","familyName":"Lee","formatted":"Ann Lee"}""", true)]
    [InlineData("""{"givenName":"Ann"}""", "\"Ann\"", false)]
    public void Holds_ComparesAsTheTargetKeepsValues(string exported, string actual, bool holds) =>
        Assert.Equal(holds, TargetDrift.Holds(JsonNode.Parse(actual), JsonNode.Parse(exported)!));

    [Fact]
    public void Section_LeavesOutAttributesTheTargetNeverReturns_AndListsWhatIsLeft()
    {
        var links = new[]
        {
            Link("ann", "t1", """{"userName":"ann@x","password":"secret-never-returned","@roles":["User"]}"""),
            Link("bob", "t2", """{"userName":"bob@x","password":"secret-never-returned"}"""),
            Link("gone", "t3", """{"userName":"gone@x"}"""),
            Link("old", "t4", """{"userName":"old@x"}""", LinkState.Deleted),
        };
        var reconciler = new TargetReconciler(ObjectKind.User, links);

        reconciler.Add(Found("t1", """{"userName":"ann@x"}"""));
        reconciler.Add(Found("t2", """{"userName":"robert@x"}"""));
        reconciler.Add(Found("t4", """{"userName":"old@x"}"""));
        var section = reconciler.Section();

        Assert.Equal((3, 3, 1, 1, 1), (section.InTarget, section.Linked, section.MissingCount, section.UnmanagedCount, section.DriftedCount));
        Assert.Equal(["password"], section.NotCompared);
        var bob = Assert.Single(section.Drifted);
        Assert.Equal([new DriftedAttribute("userName", "bob@x", "robert@x")], bob.Attributes);
        Assert.Equal("gone", Assert.Single(section.Missing).SourceId);
        // A link the portal deleted no longer claims its target object.
        Assert.Equal("t4", Assert.Single(section.Unmanaged).TargetId);
        Assert.Equal(1, section.InStep);
    }

    [Fact]
    public void Section_ExpectsNoDisabledUser_WhenTheTargetDeletesOnDisable()
    {
        var links = new[] { Link("ann", "t1", """{"userName":"ann@x"}""", LinkState.Disabled), Link("bob", "t2", """{"userName":"bob@x"}""") };

        var kept = new TargetReconciler(ObjectKind.User, links);
        var removed = new TargetReconciler(ObjectKind.User, links, disableRemoves: true);
        kept.Add(Found("t2", """{"userName":"bob@x"}"""));
        removed.Add(Found("t2", """{"userName":"bob@x"}"""));

        Assert.Equal(("ann", 2), (Assert.Single(kept.Section().Missing).SourceId, kept.Section().Linked));
        Assert.Equal((0, 1, 1), (removed.Section().MissingCount, removed.Section().Linked, removed.Section().InStep));
    }

    [Fact]
    public void AddMembers_NamesTheMissingAndTheAdded_AndNotesATargetThatReturnsNone()
    {
        var team = new LinkedObject
        {
            Kind = ObjectKind.Group, SourceId = "team", TargetId = "g1", DisplayName = "Team", ExportedValuesJson = """{"displayName":"Team","@members":["u1","u2"]}""",
        };
        var pilots = new LinkedObject
        {
            Kind = ObjectKind.Group, SourceId = "pilots", TargetId = "g2", DisplayName = "Pilots", ExportedValuesJson = """{"displayName":"Pilots","@members":["u1"]}""",
        };
        var reconciler = new TargetReconciler(ObjectKind.Group, [team, pilots], memberNames: new Dictionary<string, string?> { ["u1"] = "Ann", ["u2"] = "Bob" });
        reconciler.Add(Found("g1", """{"displayName":"Team"}"""));
        reconciler.Add(Found("g2", """{"displayName":"Pilots"}"""));

        Assert.Equal(["g1", "g2"], reconciler.GroupsFound.Order());
        reconciler.AddMembers("g1", ["u1", "x9"]);
        reconciler.AddMembers("g2", ["u1"]);
        var section = reconciler.Section();

        var drifted = Assert.Single(section.Drifted);
        Assert.Equal("team", drifted.SourceId);
        Assert.Equal([new DriftedAttribute("members", "2 members", "2 members; missing: Bob; added in the target: x9")], drifted.Attributes);
        Assert.Equal(1, section.InStep);
        Assert.Empty(section.NotCompared);

        reconciler.AddMembers("g2", null);
        Assert.Equal(["members"], reconciler.Section().NotCompared);
    }

    private static LinkedObject Link(string sourceId, string targetId, string exported, LinkState state = LinkState.Active) => new()
    {
        Kind = ObjectKind.User, SourceId = sourceId, TargetId = targetId, DisplayName = sourceId, ExportedValuesJson = exported, State = state,
    };

    private static TargetObject Found(string id, string resource) => new(id, id, true, JsonNode.Parse(resource)!.AsObject());
}
