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

    [Fact]
    public async Task AnAssignedGroupsMembers_ShowUnderIt_EachWithItsAccount_AsTheJobReadsNestedGroups()
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        string User(string name) => directory.AddUser(new Dictionary<string, object?> { ["displayName"] = name, ["userPrincipalName"] = $"{name}@contoso.example" });
        var (ann, bob, dee, cy) = (User("Ann"), User("Bob"), User("Dee"), User("Cy"));
        var eve = directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Eve", ["userPrincipalName"] = "eve@contoso.example", ["accountEnabled"] = false });
        var sales = directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Sales" });
        var emea = directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Sales EMEA" });
        foreach (var member in new[] { ann, bob, dee, eve, emea })
        {
            directory.AddMember(sales, member);
        }

        directory.AddMember(emea, cy);
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, sales, SandboxDemoIds.ScimUserRoleId);
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        var (applicationId, jobId) = await SetUpAsync(graph, (ann, LinkState.Active), (cy, LinkState.Active));
        await using (var db = Database.CreateContext(TenantId))
        {
            db.ProvisioningLogs.Add(new ProvisioningLogEntry
            {
                JobId = jobId, CycleId = Guid.NewGuid(), ChangeId = Guid.NewGuid(), IdentityType = ObjectKind.User, SourceId = bob, SourceDisplayName = "Bob",
                Action = ProvisioningAction.Create, Status = ProvisioningLogStatus.Failure, ActivityDateTime = DateTimeOffset.UtcNow,
                ErrorCode = "SchemaViolation", ErrorReason = "userName is not unique",
            });
            await db.SaveChangesAsync(Ct);
        }

        var cut = Context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, applicationId).Add(t => t.JobId, jobId).Add(t => t.CanEdit, false));
        cut.WaitForAssertion(() => Assert.Equal("1 of 1 assignments", cut.Find("[data-testid=assignments-shown]").TextContent), TimeSpan.FromSeconds(10));

        await cut.ClickButtonAsync("Show the members of Sales");

        cut.WaitForAssertion(() => Assert.Equal(
            "4 users among its 5 direct members (the job does not expand nested groups): 1 with an active account, 0 disabled, 1 failing, 2 not provisioned (1 disabled in the directory).",
            cut.Find("[data-testid=group-members-caption]").Words()), TimeSpan.FromSeconds(10));
        var members = cut.FindAll("[data-testid=group-members] tbody tr").Select(r => r.Words()).ToList();
        Assert.Equal(4, members.Count);
        Assert.StartsWith("Ann Account active, last changed", members[0], StringComparison.Ordinal);
        Assert.Equal("Bob Failed: userName is not unique", members[1]);
        Assert.Equal($"logs?jobId={jobId}&identity={bob}", cut.Find("[data-testid=group-members] a").GetAttribute("href"));
        Assert.Equal("Dee Not provisioned yet", members[2]);
        Assert.Equal("Eve Not provisioned: disabled in the directory", members[3]);

        // A job that expands nested groups provisions Sales EMEA's members too: so does the list.
        await using (var db = Database.CreateContext(TenantId))
        {
            (await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct)).ExpandNestedGroups = true;
            await db.SaveChangesAsync(Ct);
        }

        await cut.ClickButtonAsync("Hide the members of Sales");
        Assert.Empty(cut.FindAll("[data-testid=group-members]"));
        await cut.ClickButtonAsync("Show the members of Sales");
        cut.WaitForAssertion(() => Assert.Equal(
            "5 users among its 5 members, those of its nested groups included: 2 with an active account, 0 disabled, 1 failing, 2 not provisioned (1 disabled in the directory).",
            cut.Find("[data-testid=group-members-caption]").Words()), TimeSpan.FromSeconds(10));
        Assert.Contains(cut.FindAll("[data-testid=group-members] tbody tr"), r => r.Words().StartsWith("Cy Account active", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALargeGroupsMembers_AreReadAPageAtATime_AndShownFiftyMoreAtEachAsk()
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var staff = directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Staff" });
        foreach (var i in Enumerable.Range(1, 120))
        {
            directory.AddMember(staff, directory.AddUser(new Dictionary<string, object?> { ["displayName"] = $"Person {i:000}", ["userPrincipalName"] = $"p{i}@contoso.example" }));
        }

        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, staff, SandboxDemoIds.ScimUserRoleId);
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        var (applicationId, jobId) = await SetUpAsync(graph);
        var cut = Context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, applicationId).Add(t => t.JobId, jobId));
        cut.WaitForAssertion(() => cut.ButtonNamed("Show the members of Staff"), TimeSpan.FromSeconds(10));
        graph.Emulator.RequestLog.Clear();

        await cut.ClickButtonAsync("Show the members of Staff");

        cut.WaitForAssertion(() => Assert.StartsWith("The first 50 users among its 120 direct members", cut.Find("[data-testid=group-members-caption]").Words(),
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        // A page of users per request, not a request per member.
        Assert.DoesNotContain(graph.Emulator.RequestLog.Snapshot(), r => r.Path.Contains("/users/", StringComparison.Ordinal));
        await cut.ClickButtonAsync("Show 50 more members");
        cut.WaitForAssertion(() => Assert.Equal(100, cut.FindAll("[data-testid=group-members] tbody tr").Count), TimeSpan.FromSeconds(10));
        await cut.ClickButtonAsync("Show 50 more members");
        cut.WaitForAssertion(() => Assert.StartsWith("120 users among its 120 direct members", cut.Find("[data-testid=group-members-caption]").Words(),
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("more members", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAdmin_IsToldBeforeAssigning_WhenTheLastCheckFoundAssigningNotGranted()
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        var (applicationId, jobId) = await SetUpAsync(graph);
        var cut = Context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, applicationId).Add(t => t.JobId, jobId).Add(t => t.CanEdit, true));
        cut.WaitForAssertion(() => cut.Find("[data-testid=assign-form]"), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=may-not-assign]"));

        await using (var db = Database.CreateContext(TenantId))
        {
            (await db.Tenants.SingleAsync(Ct)).Directory.MayAssign = false;
            await db.SaveChangesAsync(Ct);
        }

        cut = Context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, applicationId).Add(t => t.JobId, jobId).Add(t => t.CanEdit, true));
        cut.WaitForAssertion(() => Assert.StartsWith("The app registration the portal reads the directory with lacks AppRoleAssignment.ReadWrite.All",
            cut.Find("[data-testid=may-not-assign]").Words(), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("settings/directory", cut.Find("[data-testid=may-not-assign] a").GetAttribute("href"));
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
