using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Sandbox.Scim;
using Portal.Web.Features.HelpDesk;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>
/// The failures inbox's "Retry all" over the real wire: objects that failed while the target was down are provisioned
/// together once it is back, by help desk, and leave the inbox.
/// </summary>
public sealed class FailuresRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RetryAll_ProvisionsAReasonsObjectsTogether_AndTheyLeaveTheInbox()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var actions = portal.Get<IProvisioningActions>();
        portal.Scim.Target.Faults.Add(new SandboxFault(SandboxFaultKind.WrongContentType, Count: 3, Method: "POST"));
        foreach (var member in members.Take(3))
        {
            Assert.False((await actions.ProvisionOnDemandAsync(portal.JobId, ObjectKind.User, member, cancellationToken: Ct)).Succeeded);
        }

        var inbox = portal.Get<FailuresInbox>();
        var failing = Assert.Single(await inbox.ListAsync(Ct));
        Assert.Equal(3, failing.Items.Count);
        // The Users and groups tab says why each has no account.
        var statuses = await portal.Get<ProvisionedAccounts>().StatusesAsync(portal.JobId, members, Ct);
        Assert.Equal(3, statuses.Count);
        Assert.All(members.Take(3), m => Assert.Equal((null, failing.Reason), (statuses[m].State, statuses[m].FailureReason)));

        await using var helpDesk = portal.SignedInAs(PortalRoles.HelpDesk);
        var retried = await helpDesk.ServiceProvider.GetRequiredService<IProvisioningActions>()
            .RetryAsync(portal.JobId, [.. failing.Items.Select(i => (i.Kind, i.SourceId))], Ct);

        Assert.True(retried.Succeeded, retried.Message);
        Assert.Equal((3, 0), (retried.Retried, retried.StillFailing));
        Assert.Equal("3 objects retried: 3 provisioned, 0 still failing; the provisioning logs have each.", retried.Message);
        Assert.Equal(3, portal.Scim.Target.Users.Count);
        Assert.Empty(await inbox.ListAsync(Ct));
        Assert.All((await portal.Get<ProvisionedAccounts>().StatusesAsync(portal.JobId, members, Ct)).Values,
            s => Assert.Equal((LinkState.Active, null), (s.State, s.FailureReason)));
    }
}
