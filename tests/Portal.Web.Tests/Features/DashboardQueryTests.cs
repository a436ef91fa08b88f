using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Overview;

namespace Portal.Web.Tests.Features;

public sealed class DashboardQueryTests : FeatureTestBase
{
    [Fact]
    public async Task LoadAsync_CountsWhatCyclesAndOnDemandDid_NotWhatADryRunPlanned()
    {
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.ScimId, "HR SCIM", Ct);
        var jobId = (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
        var now = Clock.GetUtcNow();
        Cycle Ended(CycleKind kind, int created, int updated) =>
            new() { JobId = jobId, Kind = kind, State = CycleState.Succeeded, StartedAt = now.AddMinutes(-10), EndedAt = now, Created = created, Updated = updated };
        await using (var db = CreateContext())
        {
            db.Cycles.AddRange(Ended(CycleKind.Initial, 3, 1), Ended(CycleKind.OnDemand, 1, 0), Ended(CycleKind.DryRun, 35, 4),
                new Cycle { JobId = jobId, Kind = CycleKind.DryRun, State = CycleState.Running, StartedAt = now });
            await db.SaveChangesAsync(Ct);
        }

        var counts = await Get<DashboardQuery>().LoadAsync(14, Ct);

        var today = counts.Days[^1];
        Assert.Equal(DateOnly.FromDateTime(now.UtcDateTime), today.Day);
        Assert.Equal((4, 1), (today.Created, today.Updated));
        Assert.Equal(0, counts.RunningCycles);
    }
}
