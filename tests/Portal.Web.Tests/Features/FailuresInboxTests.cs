using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Features.HelpDesk;

namespace Portal.Web.Tests.Features;

public sealed class FailuresInboxTests : FeatureTestBase
{
    [Fact]
    public async Task ListAsync_GroupsTheLatestFailureOfEachObjectByReason_WithTheRecommendation()
    {
        var jobId = await SeedAsync();

        var groups = await Get<FailuresInbox>().ListAsync(Ct);

        Assert.Equal(["Conflict", "Unauthorized"], groups.Select(g => g.ErrorCode).ToArray());
        var conflict = groups[0];
        Assert.Equal(2, conflict.Items.Count);
        Assert.Equal("Remove the duplicate account or match on another attribute.", conflict.RecommendedAction);
        Assert.All(conflict.Items, i => Assert.Equal(jobId, i.JobId));
        Assert.Equal(3, await Get<FailuresInbox>().CountOpenAsync(Ct));
    }

    [Fact]
    public async Task MarkReviewedAsync_RemovesTheObjectFromTheInbox_AndRecordsWho()
    {
        await SeedAsync();
        var inbox = Get<FailuresInbox>();
        var item = (await inbox.ListAsync(Ct)).Single(g => g.ErrorCode == "Unauthorized").Items.Single();

        await inbox.MarkReviewedAsync(item, "helpdesk@contoso.test", Ct);

        Assert.DoesNotContain(await inbox.ListAsync(Ct), g => g.ErrorCode == "Unauthorized");
        await using var db = CreateContext();
        Assert.Equal("helpdesk@contoso.test", (await db.ProvisioningLogs.SingleAsync(e => e.Id == item.LogId, Ct)).ReviewedBy);
    }

    private async Task<Guid> SeedAsync()
    {
        var appId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting", Ct);
        await using var db = CreateContext();
        var jobId = (await db.ProvisioningJobs.SingleAsync(j => j.ApplicationId == appId, Ct)).Id;
        var at = Clock.GetUtcNow();
        ProvisioningLogEntry Failure(string source, string code, int minutes) => new()
        {
            JobId = jobId, CycleId = Guid.NewGuid(), ActivityDateTime = at.AddMinutes(minutes), Action = ProvisioningAction.Create,
            Status = ProvisioningLogStatus.Failure, SourceId = source, SourceDisplayName = source, ErrorCode = code,
            ErrorReason = code == "Conflict" ? "userName already exists." : "The target refused the credentials.",
            RecommendedAction = code == "Conflict" ? "Remove the duplicate account or match on another attribute." : "Check the admin credentials.",
        };
        db.ProvisioningLogs.AddRange(
            Failure("adele", "Conflict", 0), Failure("adele", "Conflict", 20), Failure("alex", "Conflict", 20), Failure("megan", "Unauthorized", 20));
        await db.SaveChangesAsync(Ct);
        return jobId;
    }
}
