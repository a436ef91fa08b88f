using Portal.Data.Entities;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

public sealed class PlannedChangeFilterTests
{
    private static readonly PlannedChangeView[] Plan =
    [
        new(ObjectKind.User, "u-1", "Adele Vance", "Create", []),
        new(ObjectKind.User, "u-2", "Alex Wilber", "Create", []),
        new(ObjectKind.User, "u-3", "Megan Bowen", "Disable", []),
        new(ObjectKind.Group, "g-7", null, "Update", []),
    ];

    [Fact]
    public void Apply_KeepsOneAction_AndMatchesNameOrIdCaseInsensitively()
    {
        Assert.Equal(["u-1", "u-2"], PlannedChangeFilter.Apply(Plan, "Create", null).Select(c => c.SourceId));
        Assert.Equal(["u-3"], PlannedChangeFilter.Apply(Plan, null, "bOwEn").Select(c => c.SourceId));
        Assert.Equal(["g-7"], PlannedChangeFilter.Apply(Plan, null, " G-7 ").Select(c => c.SourceId));
        Assert.Empty(PlannedChangeFilter.Apply(Plan, "Disable", "adele"));
        Assert.Equal(4, PlannedChangeFilter.Apply(Plan, null, "").Count);
    }

    [Fact]
    public void Summary_CountsEachAction_MostFirst() =>
        Assert.Equal("2 Create, 1 Disable, 1 Update", PlannedChangeFilter.Summary(Plan));

    [Fact]
    public void UpdatedAttributes_CountsTheUpdatesChangingEachAttribute_MostFirst_CreatesLeftOut()
    {
        PlannedChangeView[] plan =
        [
            new(ObjectKind.User, "u-1", "Adele Vance", "Create", [new("name.givenName", null, "Adele")]),
            new(ObjectKind.User, "u-2", "Alex Wilber", "Update", [new("name.givenName", "Alex", "alexw"), new("title", null, "CFO")]),
            new(ObjectKind.User, "u-3", "Megan Bowen", "Update", [new("name.givenName", "Megan", "meganb")]),
        ];

        Assert.Equal("name.givenName 2, title 1", PlannedChangeFilter.UpdatedAttributes(plan));
        Assert.Equal(string.Empty, PlannedChangeFilter.UpdatedAttributes(Plan));
    }
}
