using Bunit;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.HelpDesk;

namespace Portal.Web.Tests.Components;

public sealed class FailuresInboxPageTests : UiTestBase
{
    [Fact]
    public async Task AReasonFailingManyObjects_ShowsTheMostRecentFifty_AndSaysHowManyMore()
    {
        await AddFailuresAsync(FailuresInboxPage.ShownPerReason + 5);

        var cut = Context.Render<FailuresInboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("ServiceUnavailable (55)", cut.Markup));
        Assert.Equal(FailuresInboxPage.ShownPerReason, cut.FindAll("button").Count(b => b.TextContent.Trim() == "Retry"));
        Assert.Contains("User 54", cut.Markup);
        Assert.DoesNotContain("User 04", cut.Markup);
        Assert.StartsWith("And 5 more with this reason", cut.Find("[data-testid=more-failures]").TextContent.Trim(), StringComparison.Ordinal);
        // Retrying a reason's objects together takes those shown.
        Assert.Equal("Retry the 50 shown", cut.Find("[data-testid=retry-reason]").TextContent.Trim());
    }

    [Fact]
    public async Task MarkAllReviewed_AfterConfirming_EmptiesTheInbox()
    {
        await AddFailuresAsync(3);
        var dialogs = Context.Render<MudBlazor.MudDialogProvider>();
        var cut = Context.Render<FailuresInboxPage>();
        cut.WaitForAssertion(() => cut.ButtonNamed("Mark all 3 reviewed"));

        await cut.ClickButtonAsync("Mark all 3 reviewed");
        dialogs.WaitForAssertion(() => dialogs.ButtonNamed("Mark all reviewed"));
        await dialogs.ClickButtonAsync("Mark all reviewed");

        cut.WaitForAssertion(() => Assert.Contains("No open failures.", cut.Markup));
    }

    private async Task AddFailuresAsync(int objects)
    {
        var (_, jobId) = await AddApplicationAsync();
        var at = DateTimeOffset.UtcNow;
        await using var db = Database.CreateContext(TenantId);
        db.ProvisioningLogs.AddRange(Enumerable.Range(0, objects).Select(i => new ProvisioningLogEntry
        {
            JobId = jobId, CycleId = Guid.NewGuid(), ActivityDateTime = at.AddSeconds(i), Action = ProvisioningAction.Create,
            Status = ProvisioningLogStatus.Failure, IdentityType = ObjectKind.User, SourceId = $"user-{i:00}", SourceDisplayName = $"User {i:00}",
            ErrorCode = "ServiceUnavailable",
        }));
        await db.SaveChangesAsync(Ct);
    }
}
