using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;
using Portal.Web.Components.Pages.Applications;

namespace Portal.Web.Tests.Components;

/// <summary>
/// The Users and groups tab on a real database, reading the assignments from the Graph emulator over loopback through
/// the production Graph source: a page at a time with a filter, each with what the job keeps for it in the target, and
/// the assigning controls for tenant admins only.
/// </summary>
public sealed class UsersAndGroupsTabTests : UiTestBase
{
    public UsersAndGroupsTabTests() => Context.Services.AddGraphDirectorySource(o => o.MaxRetries = 0);

    [Fact]
    public async Task ManyAssignments_ShowAPageAtATime_FindAnyoneByName_AndSayWhoHasAnAccount()
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var ids = Enumerable.Range(1, 60).Select(i =>
        {
            var id = directory.AddUser(new Dictionary<string, object?> { ["displayName"] = $"Person {i:00}", ["userPrincipalName"] = $"p{i}@contoso.example" });
            directory.Assign(SandboxDemoIds.ScimServicePrincipalId, id, SandboxDemoIds.ScimUserRoleId);
            return id;
        }).ToList();
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        var (applicationId, jobId) = await SetUpAsync(graph, (ids[0], LinkState.Active), (ids[1], LinkState.Disabled));

        var cut = Context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, applicationId).Add(t => t.JobId, jobId).Add(t => t.CanEdit, false));

        cut.WaitForAssertion(() => Assert.Equal("50 of 60 assignments", cut.Find("[data-testid=assignments-shown]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(50, cut.FindAll("tbody tr").Count);
        Assert.Contains("Account active", Row(cut, "Person 01"), StringComparison.Ordinal);
        Assert.Contains("Account disabled", Row(cut, "Person 02"), StringComparison.Ordinal);
        Assert.Contains("Not provisioned yet", Row(cut, "Person 03"), StringComparison.Ordinal);
        // Help desk reads; it neither assigns nor removes.
        Assert.Empty(cut.FindAll("[data-testid=assign-form]"));
        Assert.Empty(cut.FindAll("button[aria-label^='Remove the assignment']"));

        await cut.ClickButtonAsync("Show 50 more");
        Assert.Equal("60 of 60 assignments", cut.Find("[data-testid=assignments-shown]").TextContent);
        Assert.Equal(60, cut.FindAll("tbody tr").Count);

        await cut.InvokeAsync(() => cut.InputLabelled("Find an assignment").Input("person 5"));
        cut.WaitForAssertion(() => Assert.Equal("10 of 10 matching, 60 assignments in all", cut.Find("[data-testid=assignments-shown]").TextContent));
        Assert.All(cut.FindAll("tbody tr"), r => Assert.StartsWith("Person 5", r.TextContent.Trim(), StringComparison.Ordinal));
    }

    private static string Row(IRenderedComponent<UsersAndGroupsTab> cut, string name) =>
        cut.FindAll("tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal)).TextContent;

    // The tenant reads the emulator; the app is linked to the SCIM app, whose job holds the given links.
    private async Task<(Guid ApplicationId, Guid JobId)> SetUpAsync(SandboxGraphServer graph, params (string SourceId, LinkState State)[] links)
    {
        var (applicationId, jobId) = await AddApplicationAsync();
        await using var db = Database.CreateContext(TenantId);
        var tenant = await db.Tenants.SingleAsync(Ct);
        (tenant.DirectoryId, tenant.Directory.ClientId, tenant.Directory.GraphBaseUrl, tenant.Directory.TokenEndpoint) =
            (SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, graph.BaseUrl, graph.TokenEndpoint);
        tenant.Directory.ClientSecret = Context.Services.GetRequiredService<SecretProtector>().Protect(SandboxDemoIds.ClientSecret);
        (await db.Applications.SingleAsync(a => a.Id == applicationId, Ct)).ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId;
        db.LinkedObjects.AddRange(links.Select(l => new LinkedObject
        {
            JobId = jobId, Kind = ObjectKind.User, SourceId = l.SourceId, TargetId = Guid.NewGuid().ToString(), State = l.State, LastExportedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync(Ct);
        return (applicationId, jobId);
    }
}
