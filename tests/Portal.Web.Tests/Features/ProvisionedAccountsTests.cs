using System.Net;
using System.Text;
using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>The provisioned-accounts report: every account the job keeps in its target, with what it last sent.</summary>
public sealed class ProvisionedAccountsTests : FeatureTestBase
{
    [Fact]
    public async Task Csv_ListsTheActiveAndDisabledAccounts_WithRolesMembersAndTheAttributesLastSent()
    {
        var jobId = await AddJobAsync();
        var exportedAt = new DateTimeOffset(2026, 11, 19, 8, 30, 0, TimeSpan.Zero);
        await using (var db = CreateContext())
        {
            LinkedObject Link(ObjectKind kind, string name, string? targetId, LinkState state, string? values) => new()
            {
                JobId = jobId, Kind = kind, SourceId = $"src-{name}", DisplayName = name, TargetId = targetId, State = state,
                ExportedValuesJson = values, LastExportedAt = exportedAt,
            };

            db.LinkedObjects.AddRange(
                Link(ObjectKind.User, "Lidia Müller", "t-1", LinkState.Active,
                    """{"userName":"lidia@contoso.example","title":"=SUM(A1)","@roles":["User","TeamAdmin"],"@waitingFor":[]}"""),
                Link(ObjectKind.User, "Ömer Bérubé", "t-2", LinkState.Disabled, """{"userName":"omer@contoso.example","active":false,"@roles":[]}"""),
                // Deleted in the target, and only seen (out of scope): no account, so not in the report.
                Link(ObjectKind.User, "Gone Person", "t-3", LinkState.Deleted, """{"userName":"gone@contoso.example"}"""),
                Link(ObjectKind.User, "Never Sent", null, LinkState.Active, null),
                Link(ObjectKind.Group, "Managers", "g-1", LinkState.Active, """{"displayName":"Managers","@sourceMembers":["a","b"],"@members":["t-1","t-2"]}"""));
            await db.SaveChangesAsync(Ct);
        }

        var lines = await CsvAsync(jobId);

        Assert.Equal(
        [
            "Type,Name,Source id,Target id,State,Last exported (UTC),Roles,Members,Attributes last exported",
            "User,Lidia Müller,src-Lidia Müller,t-1,Active,2026-11-19T08:30:00.0000000Z,User; TeamAdmin,,\"{\"\"userName\"\":\"\"lidia@contoso.example\"\",\"\"title\"\":\"\"=SUM(A1)\"\"}\"",
            "User,Ömer Bérubé,src-Ömer Bérubé,t-2,Disabled,2026-11-19T08:30:00.0000000Z,,,\"{\"\"userName\"\":\"\"omer@contoso.example\"\",\"\"active\"\":false}\"",
            "Group,Managers,src-Managers,g-1,Active,2026-11-19T08:30:00.0000000Z,,2,\"{\"\"displayName\"\":\"\"Managers\"\"}\"",
        ], lines);
    }

    [Fact]
    public async Task Csv_DefusesAFormulaInAName_SoASpreadsheetDoesNotRunIt()
    {
        var jobId = await AddJobAsync();
        await using (var db = CreateContext())
        {
            db.LinkedObjects.Add(new LinkedObject { JobId = jobId, Kind = ObjectKind.User, SourceId = "s", DisplayName = "=HYPERLINK(\"x\")", TargetId = "t" });
            await db.SaveChangesAsync(Ct);
        }

        Assert.StartsWith("User,\"'=HYPERLINK(", (await CsvAsync(jobId))[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortalRoles.TenantAdmin)]
    [InlineData(PortalRoles.HelpDesk)]
    public async Task Endpoint_AnswersTheTenantsOwnJob_AndNotFoundForAnotherTenants(string role)
    {
        await using var app = new PortalApplication();
        var (alpha, bravo) = (await app.AddTenantAsync("Alpha"), await app.AddTenantAsync("Bravo"));
        var own = await AddJobAsync(app, alpha.Id);
        var other = await AddJobAsync(app, bravo.Id);
        using var client = await app.CreateClientAsync(alpha.Id, role);

        using var ok = await client.GetAsync($"/accounts/{own}/csv", Ct);
        using var foreign = await client.GetAsync($"/accounts/{other}/csv", Ct);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/csv", ok.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Type,Name,Source id", await ok.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    private async Task<Guid> AddJobAsync()
    {
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.ScimId, "HR", Ct);
        return (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
    }

    private static async Task<Guid> AddJobAsync(PortalApplication app, Guid tenantId)
    {
        await using var db = app.CreateContext(tenantId);
        var application = new Application { DisplayName = "HR", TemplateId = ApplicationGallery.ScimId, CreatedAt = DateTimeOffset.UtcNow };
        var job = new ProvisioningJob { ApplicationId = application.Id, CreatedAt = DateTimeOffset.UtcNow };
        db.AddRange(application, job);
        await db.SaveChangesAsync(Ct);
        return job.Id;
    }

    private async Task<string[]> CsvAsync(Guid jobId)
    {
        using var output = new MemoryStream();
        await Get<ProvisionedAccounts>().WriteCsvAsync(jobId, output, Ct);
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
