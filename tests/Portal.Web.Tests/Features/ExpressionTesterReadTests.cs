using Portal.Data.Entities;
using Portal.Web.Features.Applications;

namespace Portal.Web.Tests.Features;

/// <summary>
/// The mapping editor's tester reads the user it tests on from Graph, which returns only what is selected: the
/// attributes the mapping under test names are read too, or the tester shows no value where the cycle would send one.
/// </summary>
public sealed class ExpressionTesterReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ReadsTheAttributesTheMappingUnderTestNames_AndLeavesOutWhatGraphWouldRefuse()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        directory.UpdateUser(members[0], new Dictionary<string, object?> { ["city"] = "Oslo", ["employeeType"] = "Contractor" });
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var access = portal.Get<DirectoryAccess>();

        var plain = await access.GetAsync(portal.ApplicationId, ObjectKind.User, members[0], cancellationToken: Ct);
        var named = await access.GetAsync(portal.ApplicationId, ObjectKind.User, members[0], ["city", "employeeType", "IsSoftDeleted", "departmnet"], Ct);

        Assert.False(plain!.Attributes.ContainsKey("city"));
        Assert.Equal(("Oslo", "Contractor"), (named!.Attributes["city"], named.Attributes["employeeType"]));
        Assert.False(named.Attributes.ContainsKey("departmnet"));
    }
}
