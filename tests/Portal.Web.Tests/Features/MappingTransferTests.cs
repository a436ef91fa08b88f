using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Mappings;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Mappings travel as a job file's "mappings": downloaded from one application, imported into another (or run with
/// <c>portal sync run</c>); a file that would fail is refused whole, saying why, and nothing changes.
/// </summary>
public sealed class MappingTransferTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_OfAnotherApplicationsDownload_GivesTheSameMappings()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        var mappings = portal.Get<MappingService>();
        await mappings.RestoreDefaultsAsync(portal.JobId, Ct);
        var users = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        users.AttributeMappings.Add(new AttributeMapping
        {
            TargetAttribute = "nickName", Type = MappingType.Expression, Source = "ToUpper([mailNickname])", Apply = ApplyMapping.ObjectAddOnly,
        });
        users.ScopingFilters.Add(new ScopingFilter
        {
            Name = "Sales", Clauses = [new ScopingFilterClause { SourceAttribute = "department", Operator = "EQUALS", Value = "Sales" }],
        });
        await mappings.SaveAsync(users, Ct);
        var catalog = portal.Get<ApplicationCatalog>();
        var other = await catalog.AddAsync(ApplicationGallery.ScimId, "Staging SCIM", Ct);
        var otherJob = (await catalog.FindAsync(other, Ct))!.JobId;

        var json = (await mappings.ExportAsync(portal.JobId, Ct))!;
        var refused = await mappings.ImportAsync(otherJob, json, Ct);

        Assert.Null(refused);
        Assert.Equal(json, await mappings.ExportAsync(otherJob, Ct));
        var file = JsonNode.Parse(json)!;
        Assert.Equal("ObjectAddOnly", file["users"]!["attributes"]!.AsArray().Single(a => a!["target"]!.GetValue<string>() == "nickName")!["apply"]!.GetValue<string>());
        // The download is a job file's "mappings", as `portal sync run` reads it.
        Assert.Null(SyncJobImport.Problem(SyncJobFile.Parse($$"""{"source":{"tenantId":"t"},"target":{"baseUrl":"https://t.example/scim"},"mappings":{{json}}}""").Mappings));
    }

    [Theory]
    [InlineData("""{"users":{"attributes":[{"target":"userName","source":"userPrincipalName","matching":1},{"target":"title","source":"departmnet"}]}}""",
        "The file's mapping of users to 'title': 'departmnet' is not an attribute of directory users; did you mean 'department'?")]
    [InlineData("""{"users":{"attributes":[{"target":"userName","source":"userPrincipalName"}]}}""",
        "The file's mapping of users has no matching attribute")]
    [InlineData("""{"users":{"attributes":[{"target":"userName","source":"userPrincipalName","matching":1},]""", "The file is not a mappings file:")]
    [InlineData("""{"applications":[]}""", "The file has neither a \"users\" nor a \"groups\" mapping.")]
    public async Task Import_RefusesAFileThatWouldFail_SayingWhy_AndChangesNothing(string json, string expected)
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        var mappings = portal.Get<MappingService>();
        await mappings.RestoreDefaultsAsync(portal.JobId, Ct);
        var before = await mappings.ExportAsync(portal.JobId, Ct);

        var refused = await mappings.ImportAsync(portal.JobId, json, Ct);

        Assert.StartsWith(expected, refused, StringComparison.Ordinal);
        Assert.Equal(before, await mappings.ExportAsync(portal.JobId, Ct));
    }
}
