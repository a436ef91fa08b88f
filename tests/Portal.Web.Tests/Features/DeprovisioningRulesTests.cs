using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets.Scim;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>"When someone leaves" says what the engine's planner does, for each setting that changes it.</summary>
public sealed class DeprovisioningRulesTests
{
    private const string Unassigned = "A user is unassigned, loses the role the application requires, or no longer matches a scoping filter";
    private const string HardDeleted = "A user is permanently deleted in Entra";
    private const string GroupUnassigned = "A group is unassigned or no longer matches a scoping filter";

    private static readonly ScopeDecision OutOfScope = new(false, false, "Not assigned to the application.", new Dictionary<string, string>());

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void Rules_SayWhatThePlannerDoes_ForSkippedDeletionsAndTheDeleteAction(bool skipOutOfScope, bool allowDelete)
    {
        var rules = DeprovisioningRules.For(new DeprovisioningFacts(DisableMethod.PatchActive, UpdateNotFoundPolicy.Fail, true, allowDelete, true, allowDelete),
            skipOutOfScope, null).ToDictionary(r => r.When, r => r.Then);
        var mapping = new ObjectMapping { Name = "m", TargetObjectName = "User", AllowDelete = allowDelete };
        var planner = new ChangePlanner(mapping, skipOutOfScope);

        Assert.Equal(Said(rules[Unassigned]), planner.Plan(Linked(ObjectKind.User, SourceChange.Present)).Action);
        Assert.Equal(Said(rules[HardDeleted]), planner.Plan(Linked(ObjectKind.User, SourceChange.HardDeleted)).Action);
        Assert.Equal(Said(rules[GroupUnassigned]), planner.Plan(Linked(ObjectKind.Group, SourceChange.Present)).Action);
    }

    [Fact]
    public void Rules_NameHowTheTargetDisables_AndWhatAComebackDoes()
    {
        string Then(DisableMethod method, UpdateNotFoundPolicy policy, string when) =>
            DeprovisioningRules.For(new DeprovisioningFacts(method, policy, true, true, false, false), false, 500).Single(r => r.When == when).Then;

        Assert.StartsWith("The account is suspended (PATCH active=false)", Then(DisableMethod.PatchActive, UpdateNotFoundPolicy.Fail, Unassigned), StringComparison.Ordinal);
        Assert.StartsWith("The account is deleted (DELETE): this target's dialect has no suspended state", Then(DisableMethod.Delete, UpdateNotFoundPolicy.Fail, Unassigned), StringComparison.Ordinal);
        const string comeback = "A user comes back: assigned again, enabled or restored";
        Assert.StartsWith("The account is enabled again (active=true)", Then(DisableMethod.PutResource, UpdateNotFoundPolicy.Fail, comeback), StringComparison.Ordinal);
        Assert.StartsWith("The account, deleted when they left, is created again", Then(DisableMethod.Delete, UpdateNotFoundPolicy.Recreate, comeback), StringComparison.Ordinal);
        var all = DeprovisioningRules.For(new DeprovisioningFacts(DisableMethod.PatchActive, UpdateNotFoundPolicy.Fail, true, true, false, false), false, 500);
        Assert.Contains(all, r => r.When == "More than 500 disables and deletes are due in one cycle");
        Assert.DoesNotContain(all, r => r.When.StartsWith("A group", StringComparison.Ordinal));
    }

    // What a rule's wording claims the planner does.
    private static ChangeAction Said(string then) =>
        then.StartsWith("Nothing", StringComparison.Ordinal) ? ChangeAction.Skip
        : then.Contains("deleted (DELETE)", StringComparison.Ordinal) ? ChangeAction.Delete
        : then.Contains("suspended", StringComparison.Ordinal) ? ChangeAction.Disable
        : throw new InvalidOperationException($"No action read from '{then}'.");

    private static PlanningInput Linked(ObjectKind kind, SourceChange change) =>
        new(kind, "s-1", "Ann", change, OutOfScope,
            new LinkedObject { Kind = kind, SourceId = "s-1", TargetId = "t-1", State = LinkState.Active, ExportedValuesJson = "{}" }, null, null);
}
