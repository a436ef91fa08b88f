using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

public sealed class JobProgressQueryTests : FeatureTestBase
{
    [Fact]
    public async Task LoadAsync_CountsOnlyObjectsThatHaveAnAccountInTheTarget()
    {
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting", Ct);
        var jobId = (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
        await using (var db = CreateContext())
        {
            LinkedObject Link(ObjectKind kind, string? targetId, LinkState state = LinkState.Active) =>
                new() { JobId = jobId, Kind = kind, SourceId = Guid.NewGuid().ToString(), TargetId = targetId, State = state };

            db.LinkedObjects.AddRange(
                Link(ObjectKind.User, "u-1"),
                Link(ObjectKind.User, "u-2", LinkState.Disabled),
                Link(ObjectKind.User, "u-3", LinkState.Deleted),
                // Seen and not provisioned (out of scope): the job remembers it, the target has no account for it.
                Link(ObjectKind.User, null),
                Link(ObjectKind.Group, "g-1"),
                Link(ObjectKind.Group, null),
                Link(ObjectKind.Group, null));
            await db.SaveChangesAsync(Ct);
        }

        var progress = (await Get<JobProgressQuery>().LoadAsync(jobId, Ct))!;

        Assert.Equal((2, 1), (progress.LinkedUsers, progress.LinkedGroups));
    }
}
