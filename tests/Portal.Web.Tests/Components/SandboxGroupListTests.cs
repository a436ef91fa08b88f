using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Sandbox.Graph;
using Portal.Web.Components.Pages.Sandbox;
using Portal.Web.Features.Sandbox;

namespace Portal.Web.Tests.Components;

/// <summary>The Sandbox page's Groups tab on the seeded demo directory: every change lands in the emulator's store.</summary>
public sealed class SandboxGroupListTests : UiTestBase
{
    private readonly SandboxGraphEmulator _emulator = SandboxGraphEmulator.CreateDemo();

    private SandboxGraphDirectory Directory => _emulator.Directory;

    private IRenderedComponent<SandboxGroupList> Render()
    {
        Context.Services.AddSingleton(_emulator);
        Context.Services.AddScoped<SandboxDirectoryEditor>();
        Context.Render<MudBlazor.MudPopoverProvider>();
        return Context.Render<SandboxGroupList>();
    }

    [Fact]
    public async Task Add_NamesTheFieldAndKeepsWhatWasTyped_WhenTheNameIsTaken_ThenAddsTheGroup()
    {
        var taken = Directory.Groups().First().DisplayName!;
        var cut = Render();

        await cut.ChangeInputAsync("Group name", taken.ToUpperInvariant());
        await cut.ChangeInputAsync("Description", "Everyone in the field");
        await cut.ClickButtonAsync("Add group");

        cut.WaitForAssertion(() => Assert.Contains("is already taken", cut.Markup));
        Assert.Equal(taken.ToUpperInvariant(), cut.InputLabelled("Group name").GetAttribute("value"));
        Assert.Single(Directory.Groups(), g => string.Equals(g.DisplayName, taken, StringComparison.OrdinalIgnoreCase));

        await cut.ChangeInputAsync("Group name", "Field Service Ω");
        await cut.ClickButtonAsync("Add group");

        var added = Assert.Single(Directory.Groups(), g => g.DisplayName == "Field Service Ω");
        Assert.Equal("Everyone in the field", added.Properties["description"]);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"tr[data-group-id='{added.Id}']")));
        Assert.DoesNotContain("is already taken", cut.Markup);
    }

    [Fact]
    public async Task Assign_GivesTheGroupARoleInADemoApp_AndDelete_RemovesTheGroupWithItsAssignments()
    {
        var role = new SandboxDirectoryEditor(_emulator).RoleChoices().First(r => r.RoleName != "Default Access");
        var group = Directory.Groups().First(g => Directory.Assignments(role.ServicePrincipalId).All(a => a.PrincipalId != g.Id));
        var cut = Render();

        await cut.InvokeAsync(() => cut.Find($"select[aria-label='Role for {group.DisplayName}']").Change(role.Key));
        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Assign {group.DisplayName}']").Click());

        var assignment = Assert.Single(Directory.Assignments(role.ServicePrincipalId), a => a.PrincipalId == group.Id);
        Assert.Equal(role.RoleId, assignment.AppRoleId);
        cut.WaitForAssertion(() => Assert.Contains($"{role.AppName}: {role.RoleName}", cut.Find($"tr[data-group-id='{group.Id}']").TextContent));

        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Delete {group.DisplayName}']").Click());

        Assert.DoesNotContain(Directory.Groups(), g => g.Id == group.Id);
        Assert.DoesNotContain(Directory.Assignments(role.ServicePrincipalId), a => a.PrincipalId == group.Id);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"tr[data-group-id='{group.Id}']")));
    }
}
