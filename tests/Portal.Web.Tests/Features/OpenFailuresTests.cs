using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Audit;
using Portal.Web.Features.HelpDesk;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>The failures inbox's SQL (a correlated NOT EXISTS, a bulk review) on both databases the portal runs on.</summary>
public sealed class OpenFailuresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task OpenFailures_AreTheObjectsWhoseLatestEntryFailed_AndAReasonIsReviewedTogether(DatabaseProvider provider)
    {
        await using var logs = await LogDatabase.CreateAsync(provider);
        await logs.AddAsync([Failure(logs, "adele"), Failure(logs, "alex")]);
        // Later entries: adele's retry succeeded; alex failed again; megan failed once.
        await logs.AddAsync([logs.Entry("Adele", sourceId: "adele"), Failure(logs, "alex"), Failure(logs, "megan")]);
        var inbox = new FailuresInbox(logs, new AuditLog(new CurrentUser(new TenantContext()), TimeProvider.System), TimeProvider.System);

        Assert.Equal(2, await inbox.CountOpenAsync(Ct));
        Assert.Equal(2, await inbox.MarkReasonReviewedAsync("Conflict", "helpdesk@contoso.test", Ct));

        Assert.Equal(0, await inbox.CountOpenAsync(Ct));
        await using var db = logs.CreateDbContext();
        Assert.Equal(3, db.ProvisioningLogs.Count(e => e.ReviewedBy == "helpdesk@contoso.test"));
        Assert.Null(db.ProvisioningLogs.Single(e => e.SourceId == "adele" && e.Status == ProvisioningLogStatus.Failure).ReviewedBy);
    }

    private static ProvisioningLogEntry Failure(LogDatabase logs, string source) =>
        logs.Entry(source, status: ProvisioningLogStatus.Failure, sourceId: source);
}
