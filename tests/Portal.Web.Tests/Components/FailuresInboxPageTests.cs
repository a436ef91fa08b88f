using Bunit;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.HelpDesk;

namespace Portal.Web.Tests.Components;

public sealed class FailuresInboxPageTests : UiTestBase
{
    [Fact]
    public async Task AReasonFailingManyObjects_ShowsTheMostRecentFifty_AndSaysHowManyMore()
    {
        var (_, jobId) = await AddApplicationAsync();
        var at = DateTimeOffset.UtcNow;
        await using (var db = Database.CreateContext(TenantId))
        {
            db.ProvisioningLogs.AddRange(Enumerable.Range(0, FailuresInboxPage.ShownPerReason + 5).Select(i => new ProvisioningLogEntry
            {
                JobId = jobId, CycleId = Guid.NewGuid(), ActivityDateTime = at.AddSeconds(i), Action = ProvisioningAction.Create,
                Status = ProvisioningLogStatus.Failure, IdentityType = ObjectKind.User, SourceId = $"user-{i:00}", SourceDisplayName = $"User {i:00}",
                ErrorCode = "ServiceUnavailable",
            }));
            await db.SaveChangesAsync(Ct);
        }

        var cut = Context.Render<FailuresInboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("ServiceUnavailable (55)", cut.Markup));
        Assert.Equal(FailuresInboxPage.ShownPerReason, cut.FindAll("button").Count(b => b.TextContent.Trim() == "Retry"));
        Assert.Contains("User 54", cut.Markup);
        Assert.DoesNotContain("User 04", cut.Markup);
        Assert.StartsWith("And 5 more with this reason", cut.Find("[data-testid=more-failures]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
