using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;
using Portal.Web.Components.Pages.Sandbox;
using Portal.Web.Features.Sandbox;

namespace Portal.Web.Tests.Components;

/// <summary>The Sandbox directory page on the seeded demo directory: every change lands in the emulator's store.</summary>
public sealed class SandboxDirectoryPageTests : UiTestBase
{
    private readonly SandboxGraphEmulator _emulator = SandboxGraphEmulator.CreateDemo();

    private SandboxGraphDirectory Directory => _emulator.Directory;

    private IRenderedComponent<SandboxDirectoryPage> RenderPage()
    {
        Context.Services.AddSingleton(_emulator);
        Context.Services.AddSingleton(new SandboxTargets(
            new SandboxScimTarget(new SandboxScimOptions()), new SandboxScimTarget(new SandboxScimOptions { Mode = SandboxScimMode.GoTo })));
        Context.Services.AddScoped<SandboxDirectoryEditor>();
        Context.Services.AddScoped<SandboxLinkedApplications>();
        Context.Render<MudBlazor.MudPopoverProvider>();
        return Context.Render<SandboxDirectoryPage>();
    }

    private SandboxUser AnyEnabledUser() =>
        Directory.Users().First(u => u.AccountEnabled && u.ManagerId is not null && u.DisplayName!.Contains(' ', StringComparison.Ordinal));

    private static async Task OpenAsync(IRenderedComponent<SandboxDirectoryPage> cut, SandboxUser user)
    {
        await cut.ChangeInputAsync("Search users", user.UserPrincipalName!);
        cut.WaitForAssertion(() => Assert.Contains("1–1 of 1", cut.Markup));
        await cut.InvokeAsync(() => cut.Find($"tr[data-user-id='{user.Id}']").Click());
        cut.WaitForAssertion(() => Assert.Contains($"Edit {user.DisplayName}", cut.Markup));
    }

    [Fact]
    public async Task Render_PagesTheDemoDirectory_AndSearchNarrowsIt()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Contains($"1–20 of {Directory.UserCount}", cut.Markup));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Next page']").Click());
        cut.WaitForAssertion(() => Assert.Contains($"21–40 of {Directory.UserCount}", cut.Markup));

        await cut.ChangeInputAsync("Search users", "Chief Executive Officer");
        cut.WaitForAssertion(() => Assert.Contains("1–1 of 1", cut.Markup));
        Assert.Contains("Chief Executive Officer", cut.Markup);
    }

    [Fact]
    public async Task Save_ChangesTheUsersAttributesAndManager_InTheDirectory()
    {
        var user = AnyEnabledUser();
        var manager = Directory.Users().First(u => u.Id != user.Id && u.Id != user.ManagerId);
        var cut = RenderPage();
        await OpenAsync(cut, user);

        await cut.ChangeInputAsync("Department", "Research & Development");
        await cut.ChangeInputAsync("Job title", "Principal Scientist");
        await cut.ChangeInputAsync("Manager", manager.Id);
        await cut.ClickButtonAsync("Save");

        cut.WaitForAssertion(() => Assert.Contains("Research &amp; Development", cut.Markup));
        var saved = Directory.GetUser(user.Id)!;
        Assert.Equal("Research & Development", saved.Properties["department"]);
        Assert.Equal("Principal Scientist", saved.Properties["jobTitle"]);
        Assert.Equal(manager.Id, saved.ManagerId);
        Assert.Equal(user.UserPrincipalName, saved.UserPrincipalName);
    }

    [Fact]
    public async Task Add_NamesTheFieldAndKeepsWhatWasTyped_WhenThePrincipalNameIsInvalid_ThenAddsTheUser()
    {
        var cut = RenderPage();
        await cut.ClickButtonAsync("Add user");
        cut.WaitForAssertion(() => cut.InputLabelled("User principal name"));

        await cut.ChangeInputAsync("Display name", "Zoë Ødegård");
        await cut.ChangeInputAsync("User principal name", "zoe.odegaard");
        await cut.ChangeInputAsync("Department", "Finance");
        await cut.ClickButtonAsync("Add");

        cut.WaitForAssertion(() => Assert.Contains("User principal name 'zoe.odegaard' must look like name@domain.", cut.Markup));
        Assert.Equal("Zoë Ødegård", cut.InputLabelled("Display name").GetAttribute("value"));
        Assert.Equal("Finance", cut.InputLabelled("Department").GetAttribute("value"));
        var before = Directory.UserCount;

        await cut.ChangeInputAsync("User principal name", "zoe.odegaard@contoso-sandbox.example");
        await cut.ClickButtonAsync("Add");

        cut.WaitForAssertion(() => Assert.Contains("Edit Zoë Ødegård", cut.Markup));
        Assert.Equal(before + 1, Directory.UserCount);
        var added = Directory.Users().Single(u => u.UserPrincipalName == "zoe.odegaard@contoso-sandbox.example");
        Assert.Equal("Finance", added.Properties["department"]);
        Assert.True(added.AccountEnabled);
    }

    [Fact]
    public async Task LifecycleButtons_DisableEnableDeleteRestoreAndPurge_TheUser()
    {
        var user = AnyEnabledUser();
        var cut = RenderPage();
        await OpenAsync(cut, user);

        await cut.ClickButtonAsync("Disable");
        cut.WaitForAssertion(() => Assert.False(Directory.GetUser(user.Id)!.AccountEnabled));
        await cut.ClickButtonAsync("Enable");
        cut.WaitForAssertion(() => Assert.True(Directory.GetUser(user.Id)!.AccountEnabled));

        await cut.ClickButtonAsync("Delete");
        cut.WaitForAssertion(() => Assert.True(Directory.GetUser(user.Id)!.IsSoftDeleted));
        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSwitch<bool>>().Find("input").Change(true));
        await cut.ChangeInputAsync("Search users", user.UserPrincipalName!);
        cut.WaitForAssertion(() => Assert.Contains("Deleted", cut.Find($"tr[data-user-id='{user.Id}']").TextContent));
        await cut.InvokeAsync(() => cut.Find($"tr[data-user-id='{user.Id}']").Click());
        cut.WaitForAssertion(() => cut.ButtonNamed("Restore"));
        await cut.ClickButtonAsync("Restore");
        cut.WaitForAssertion(() => Assert.False(Directory.GetUser(user.Id)!.IsSoftDeleted));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSwitch<bool>>().Find("input").Change(false));
        await OpenAsync(cut, user);
        await cut.ClickButtonAsync("Delete permanently");
        await cut.ClickButtonAsync("Confirm permanent delete");
        cut.WaitForAssertion(() => Assert.Null(Directory.GetUser(user.Id)));
    }

    [Fact]
    public async Task Access_AddsAndRemovesGroupsAndAppRoles_IncludingDefaultAccess()
    {
        var user = AnyEnabledUser();
        var group = Directory.Groups().First(g => !g.MemberIds.Contains(user.Id));
        var cut = RenderPage();
        await OpenAsync(cut, user);

        await cut.ChangeInputAsync("Group", group.Id);
        await cut.ClickButtonAsync("Add to group");
        cut.WaitForAssertion(() => Assert.Contains(user.Id, Directory.Groups().Single(g => g.Id == group.Id).MemberIds));
        await cut.InvokeAsync(() => cut.Find($"[aria-label='Group {group.DisplayName}'] button").Click());
        cut.WaitForAssertion(() => Assert.DoesNotContain(user.Id, Directory.Groups().Single(g => g.Id == group.Id).MemberIds));

        foreach (var assignment in Directory.Assignments(SandboxDemoIds.ScimServicePrincipalId).Where(a => a.PrincipalId == user.Id))
        {
            Directory.Unassign(SandboxDemoIds.ScimServicePrincipalId, assignment.Id);
        }

        await cut.ChangeInputAsync("Role", $"{SandboxDemoIds.ScimServicePrincipalId}|{SandboxDemoIds.DefaultAccessRoleId}");
        await cut.ClickButtonAsync("Assign");
        cut.WaitForAssertion(() => Assert.Contains(Directory.Assignments(SandboxDemoIds.ScimServicePrincipalId),
            a => a.PrincipalId == user.Id && a.AppRoleId == SandboxDemoIds.DefaultAccessRoleId));
        Assert.Contains("Default Access", cut.Markup);

        await cut.ClickButtonAsync($"Remove Default Access in {SandboxDemoIds.ScimApp.DisplayName}");
        cut.WaitForAssertion(() => Assert.DoesNotContain(Directory.Assignments(SandboxDemoIds.ScimServicePrincipalId), a => a.PrincipalId == user.Id));
    }

    [Fact]
    public async Task TargetPanel_ListsTheTargetsAccountsAndRequests_ReadOnly()
    {
        await using var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        var created = await http.PostAsJsonAsync(server.ScimBaseUrl + "/Users", new
        {
            schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:User" },
            userName = "adele.vance@contoso.example",
            externalId = "ext-42",
            active = true,
        }, Ct);
        created.EnsureSuccessStatusCode();
        RenderPage();

        var cut = Context.Render<SandboxTargetPanel>(p => p.Add(x => x.Target, server.Target).Add(x => x.Name, "SCIM 2.0 (sandbox)"));

        Assert.Contains("SCIM 2.0 (sandbox): 1 accounts", cut.Markup);
        Assert.Contains("adele.vance@contoso.example", cut.Markup);
        Assert.Contains("ext-42", cut.Markup);
        Assert.Contains("/scim/Users", cut.Markup);
        Assert.Contains("201", cut.Markup);
        Assert.DoesNotContain(SandboxScimOptions.DemoToken, cut.Markup);
        Assert.Empty(cut.FindAll("input"));
    }
}
