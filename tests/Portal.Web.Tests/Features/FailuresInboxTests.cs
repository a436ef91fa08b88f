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

    [Fact]
    public async Task ListAsync_LeavesOutAnObject_WhoseLaterEntryIsNotAFailure()
    {
        var jobId = await SeedAsync();
        await using (var db = CreateContext())
        {
            // A retry of adele succeeded; megan left scope and was skipped; alex failed again, for another reason.
            db.ProvisioningLogs.AddRange(
                Entry(jobId, "adele", ProvisioningLogStatus.Success, null, 30),
                Entry(jobId, "megan", ProvisioningLogStatus.Skipped, null, 30),
                Entry(jobId, "alex", ProvisioningLogStatus.Failure, "ServiceUnavailable", 40));
            await db.SaveChangesAsync(Ct);
        }

        var inbox = Get<FailuresInbox>();
        var groups = await inbox.ListAsync(Ct);

        Assert.Equal("alex", Assert.Single(Assert.Single(groups).Items).SourceId);
        Assert.Equal("ServiceUnavailable", groups[0].ErrorCode);
        Assert.Equal(1, await inbox.CountOpenAsync(Ct));
        Assert.Equal(1, (await Get<Portal.Web.Features.Overview.DashboardQuery>().LoadAsync(14, Ct)).OpenFailures);
    }

    [Fact]
    public async Task MarkReasonReviewedAsync_ClearsEveryObjectOfTheReason_WithOneAuditEntry()
    {
        var jobId = await SeedAsync();
        var inbox = Get<FailuresInbox>();

        Assert.Equal(2, await inbox.MarkReasonReviewedAsync("Conflict", "helpdesk@contoso.test", Ct));

        Assert.Equal(["Unauthorized"], (await inbox.ListAsync(Ct)).Select(g => g.ErrorCode));
        await using var db = CreateContext();
        var adele = await db.ProvisioningLogs.Where(e => e.JobId == jobId && e.SourceId == "adele").ToListAsync(Ct);
        Assert.Equal(2, adele.Count);
        Assert.All(adele, e => Assert.Equal("helpdesk@contoso.test", e.ReviewedBy));
        var audit = await db.AuditEvents.SingleAsync(a => a.TargetType == "FailureReason", Ct);
        Assert.Equal("Conflict", audit.TargetId);
        Assert.Contains("\"Objects\"", audit.ChangesJson, StringComparison.Ordinal);
        Assert.Equal(0, await inbox.MarkReasonReviewedAsync("Conflict", "helpdesk@contoso.test", Ct));
    }

    private ProvisioningLogEntry Entry(Guid jobId, string source, ProvisioningLogStatus status, string? code, int minutes) => new()
    {
        JobId = jobId, CycleId = Guid.NewGuid(), ActivityDateTime = Clock.GetUtcNow().AddMinutes(minutes), Action = ProvisioningAction.Update,
        Status = status, SourceId = source, SourceDisplayName = source, ErrorCode = code,
    };

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
