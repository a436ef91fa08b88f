using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Audit;
using Portal.Web.Features.Applications;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>Two applications of a tenant never share a name: the logs, notifications and filters tell them apart by it.</summary>
public sealed class ApplicationNamesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "Enter a name for the application.")]
    [InlineData("   ", "Enter a name for the application.")]
    [InlineData("goto meeting", "An application named 'goto meeting' already exists; choose another name, e.g. with the team or region it serves.")]
    [InlineData(" GoTo Meeting ", "An application named 'GoTo Meeting' already exists; choose another name, e.g. with the team or region it serves.")]
    public void Check_RefusesAnEmptyOrTakenName_IgnoringCaseAndSpaces(string name, string problem) =>
        Assert.Equal(problem, Assert.Throws<ApplicationNameException>(() => ApplicationNames.Check(name, ["GoTo Meeting"])).Message);

    [Fact]
    public void Check_RefusesALongName_AndTrimsAGoodOne()
    {
        Assert.Equal("The name has 201 characters; use at most 200.",
            Assert.Throws<ApplicationNameException>(() => ApplicationNames.Check(new string('x', 201), [])).Message);
        Assert.Equal("GoTo Meeting (Sales)", ApplicationNames.Check("  GoTo Meeting (Sales) ", ["GoTo Meeting"]));
    }

    [Fact]
    public void Suggest_NumbersPastTheTakenNames()
    {
        Assert.Equal("GoTo Meeting", ApplicationNames.Suggest("GoTo Meeting", ["SCIM 2.0 application"]));
        Assert.Equal("GoTo Meeting 2", ApplicationNames.Suggest("GoTo Meeting", ["goto meeting"]));
        Assert.Equal("GoTo Meeting 4", ApplicationNames.Suggest("GoTo Meeting", ["GoTo Meeting", "GoTo Meeting 2", "GoTo Meeting 3"]));
    }

    [Fact]
    public async Task Catalog_RefusesASecondApplicationOfTheSameName_AndRenamesWithAnAuditEntry()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenant.Id, PortalRoles.TenantAdmin));
        var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
        var first = await catalog.AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting", Ct);

        Assert.Equal("GoTo Meeting 2", await catalog.SuggestNameAsync(ApplicationGallery.GoToMeetingId, Ct));
        await Assert.ThrowsAsync<ApplicationNameException>(() => catalog.AddAsync(ApplicationGallery.GoToMeetingId, "GOTO MEETING", Ct));
        var second = await catalog.AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting 2", Ct);
        await Assert.ThrowsAsync<ApplicationNameException>(() => catalog.RenameAsync(second, "goto meeting", Ct));
        await catalog.RenameAsync(second, "GoTo Meeting (Sales)", Ct);
        await catalog.RenameAsync(first, "GoTo Meeting", Ct);

        Assert.Equal(["GoTo Meeting", "GoTo Meeting (Sales)"], (await catalog.ListAsync(Ct)).Select(a => a.DisplayName));
        await using var db = app.CreateContext(tenant.Id);
        var renamed = Assert.Single(await db.AuditEvents.Where(e => e.Activity == AuditActivities.UpdateApplication).ToListAsync(Ct));
        Assert.Equal(second.ToString(), renamed.TargetId);
        Assert.Equal([new AuditChange("DisplayName", "GoTo Meeting 2", "GoTo Meeting (Sales)")], AuditLog.ReadChanges(renamed));
    }
}
