using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Audit;

namespace Portal.Web.Tests.Features;

public sealed class ApplicationCatalogTests : FeatureTestBase
{
    [Fact]
    public async Task AddAsync_CreatesTheAppItsJobAndTheTemplatesDefaultMappings_WhenGoToMeetingIsChosen()
    {
        var id = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting (sales)", Ct);

        await using var db = CreateContext();
        var job = await db.ProvisioningJobs.Include(j => j.Application).Include(j => j.ObjectMappings).ThenInclude(m => m.AttributeMappings)
            .SingleAsync(j => j.ApplicationId == id, Ct);
        Assert.Equal("GoTo Meeting (sales)", job.Application!.DisplayName);
        Assert.Equal(ProvisioningStatus.Off, job.Status);
        Assert.Equal(TargetAuthKind.GoToAdminPassword, job.Target.AuthKind);
        Assert.Equal("goto", job.Target.DialectPreset);
        var users = job.ObjectMappings.Single(m => m.SourceObject == ObjectKind.User);
        var matching = Assert.Single(users.AttributeMappings, a => a.IsMatching);
        Assert.Equal(("userName", "userPrincipalName", 1), (matching.TargetAttribute, matching.Source, matching.MatchingPrecedence));
        Assert.Contains(job.ObjectMappings, m => m.SourceObject == ObjectKind.Group);
        var audit = await db.AuditEvents.SingleAsync(Ct);
        Assert.Equal(AuditActivities.AddApplication, audit.Activity);
    }

    [Fact]
    public async Task ListAsync_ShowsOnlyTheTenantsApps_WhenAnotherTenantHasSome()
    {
        await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.ScimId, "HR SCIM", Ct);
        var other = Guid.NewGuid();
        await using (var db = Database.CreateContext())
        {
            db.Tenants.Add(new Tenant { Id = other, DirectoryId = "fabrikam", DisplayName = "Fabrikam" });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = Database.CreateContext(other))
        {
            var app = new Application { DisplayName = "Fabrikam app", TemplateId = ApplicationGallery.ScimId };
            db.Applications.Add(app);
            db.ProvisioningJobs.Add(new ProvisioningJob { ApplicationId = app.Id });
            await db.SaveChangesAsync(Ct);
        }

        var apps = await Get<ApplicationCatalog>().ListAsync(Ct);

        Assert.Equal("HR SCIM", Assert.Single(apps).DisplayName);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheAppWithItsJobAndMappings_WhenCalled()
    {
        var catalog = Get<ApplicationCatalog>();
        var id = await catalog.AddAsync(ApplicationGallery.ScimId, "HR SCIM", Ct);

        await catalog.DeleteAsync(id, Ct);

        await using var db = CreateContext();
        Assert.False(await db.ProvisioningJobs.AnyAsync(Ct));
        Assert.False(await db.AttributeMappings.AnyAsync(Ct));
    }
}
