using Portal.Data.Entities;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

/// <summary>The log grid reads only its columns per page; the details drawer reads the whole entry by id.</summary>
public sealed class LogEntryQueryTests : FeatureTestBase
{
    [Fact]
    public async Task PageAsync_LeavesTheDetailColumnsUnread_WhileFindAsyncReturnsTheWholeEntry()
    {
        long id;
        await using (var db = CreateContext())
        {
            var entry = new ProvisioningLogEntry
            {
                JobId = Guid.NewGuid(), CycleId = Guid.NewGuid(), ActivityDateTime = Clock.GetUtcNow(), DurationInMilliseconds = 42,
                Action = ProvisioningAction.Update, Status = ProvisioningLogStatus.Failure, IdentityType = ObjectKind.User,
                SourceId = "src-1", SourceDisplayName = "Adele Vance", TargetId = "tgt-1", TargetDisplayName = "adele@contoso.example",
                ErrorCode = "Conflict", ErrorReason = "userName must be unique", RecommendedAction = "Fix the value",
                StepsJson = """[{"name":"Export","status":"Failure","description":"POST /Users"}]""",
                ModifiedPropertiesJson = """[{"displayName":"title","oldValue":null,"newValue":"Engineer"}]""",
            };
            db.ProvisioningLogs.Add(entry);
            await db.SaveChangesAsync(Ct);
            id = entry.Id;
        }

        var row = Assert.Single((await Get<ProvisioningLogQuery>().PageAsync(new LogFilter(), 0, 25, null, true, Ct)).Items);
        var whole = await Get<LogEntryQuery>().FindAsync(id, Ct);

        Assert.Equal((id, "Adele Vance", ProvisioningAction.Update, ProvisioningLogStatus.Failure, 42), (row.Id, row.SourceDisplayName, row.Action, row.Status, row.DurationInMilliseconds));
        Assert.Null(row.StepsJson);
        Assert.Null(row.ModifiedPropertiesJson);
        Assert.Null(row.ErrorReason);
        Assert.NotNull(whole);
        Assert.Contains("POST /Users", whole.StepsJson, StringComparison.Ordinal);
        Assert.Contains("Engineer", whole.ModifiedPropertiesJson, StringComparison.Ordinal);
        Assert.Equal(("userName must be unique", "tgt-1"), (whole.ErrorReason, whole.TargetId));
    }
}
