using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Features.Mappings;

namespace Portal.Web.Tests.Features;

/// <summary>
/// The mapping editor suggests the target's own attributes, read from its schema over the wire with the job's stored
/// connection; a target that cannot be asked leaves RFC 7643's names and says why.
/// </summary>
public sealed class TargetAttributeSuggestionsTests
{
    private const string SandboxExtension = "urn:ietf:params:scim:schemas:extension:sandbox:2.0:User";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task For_AddsTheTargetsOwnAttributes_ToTheStandardOnes()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        var suggestions = portal.Get<TargetAttributeSuggestions>();

        var users = await suggestions.ForAsync(portal.ApplicationId, ObjectKind.User, Ct);
        var again = await suggestions.ForAsync(portal.ApplicationId, ObjectKind.User, Ct);

        Assert.True(users.Asked);
        Assert.Null(users.Problem);
        Assert.Equal("userName", users.Names[0]);
        Assert.Contains($"{SandboxExtension}:badgeNumber", users.Names);
        Assert.Contains($"{SandboxExtension}:contractor", users.Names);
        Assert.Contains("phoneNumbers[type eq \"pager\"].value", users.Names);
        Assert.Equal(users.Names.Count - Portal.Provisioning.Targets.Scim.ScimAttributes.Of(ObjectKind.User).Count, users.FromTarget);
        Assert.Equal(users.Names.Count, users.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // Read once per session: the second question did not go to the target.
        Assert.Same(users, again);
        Assert.Equal(2, portal.Scim.Target.Requests.Entries.Count(r => r.PathAndQuery.EndsWith("/Schemas", StringComparison.Ordinal)
            || r.PathAndQuery.EndsWith("/ResourceTypes", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task For_LeavesTheStandardNames_AndSaysWhy_WhenTheTargetRefusesTheCredentials()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        await using (var db = portal.CreateContext())
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == portal.JobId, Ct);
            job.Target.Secret = portal.Get<Portal.Data.Secrets.SecretProtector>().Protect("a-token-the-target-never-issued");
            await db.SaveChangesAsync(Ct);
        }

        var users = await portal.Get<TargetAttributeSuggestions>().ForAsync(portal.ApplicationId, ObjectKind.User, Ct);

        Assert.False(users.Asked);
        Assert.StartsWith("The target's own attributes could not be read:", users.Problem, StringComparison.Ordinal);
        Assert.Contains("name.givenName", users.Names);
        Assert.Equal(0, users.FromTarget);
    }
}
