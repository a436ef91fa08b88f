using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Tests.Planning;

public sealed class DeletionThresholdTests
{
    [Fact]
    public void Apply_HoldsAllDisablesAndDeletes_WhenTheyExceedTheThreshold()
    {
        var plan = Plan(ChangeAction.Disable, ChangeAction.Disable, ChangeAction.Delete, ChangeAction.Create);

        var guarded = DeletionThreshold.Apply(plan, preventAccidentalDeletions: true, threshold: 2, deletionsAllowed: false, sourceComplete: true);

        Assert.True(guarded.ThresholdExceeded);
        Assert.Equal(3, guarded.Held);
        Assert.Equal(3, guarded.Changes.Count(c => c.Action == ChangeAction.StagedDelete));
        Assert.Single(guarded.Changes, c => c.Action == ChangeAction.Create);
    }

    [Fact]
    public void Apply_LetsThemThrough_WhenAtTheThresholdOrAllowedOrPreventionIsOff()
    {
        var plan = Plan(ChangeAction.Disable, ChangeAction.Delete, ChangeAction.Delete);

        Assert.False(DeletionThreshold.Apply(plan, true, 3, false, true).ThresholdExceeded);
        Assert.False(DeletionThreshold.Apply(plan, true, 2, deletionsAllowed: true, true).ThresholdExceeded);
        Assert.False(DeletionThreshold.Apply(plan, preventAccidentalDeletions: false, 2, false, true).ThresholdExceeded);
    }

    [Fact]
    public void Apply_ExportsNoDisableOrDelete_WhenTheSourceReadWasIncomplete()
    {
        var plan = Plan(ChangeAction.Disable, ChangeAction.Delete, ChangeAction.Update);

        var guarded = DeletionThreshold.Apply(plan, true, 500, false, sourceComplete: false);

        Assert.Equal(2, guarded.SuppressedForIncompleteSource);
        Assert.DoesNotContain(guarded.Changes, c => c.IsDeprovisioning);
        Assert.Single(guarded.Changes, c => c.Action == ChangeAction.Update);
    }

    private static List<PlannedChange> Plan(params ChangeAction[] actions) =>
        [.. actions.Select((a, i) => new PlannedChange(ObjectKind.User, $"u{i}", null, a, "t", PlannedChange.NoValues, PlannedChange.NoValues, [], "test"))];
}
