using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>Provision on demand for several users at once over the real wire (Entra takes one), each with a line of its own.</summary>
public sealed class OnDemandUsersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeveralUsers_AreProvisionedTogether_EachWithItsOutcome()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var actions = portal.Get<IProvisioningActions>();

        var outcome = await actions.ProvisionUsersOnDemandAsync(portal.JobId, [.. members.Take(3)], Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("3 users: 3 provisioned, 0 failed, 0 left alone.", outcome.Message);
        Assert.Equal(["Pilot User 1", "Pilot User 2", "Pilot User 3"], outcome.Members.Select(m => m.DisplayName).Order());
        Assert.All(outcome.Members, m => Assert.Equal(("Create", "Success"), (m.Action, m.Status)));
        Assert.Equal(3, portal.Scim.Target.Users.Count);

        var tooMany = await actions.ProvisionUsersOnDemandAsync(portal.JobId, [.. Enumerable.Range(0, 11).Select(i => $"user-{i}")], Ct);
        Assert.Equal((false, "Choose 1 to 10 users; 11 were chosen."), (tooMany.Succeeded, tooMany.Message));
    }
}
