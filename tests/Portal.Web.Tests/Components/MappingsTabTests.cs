using Bunit;
using Portal.Web.Components.Pages.Mappings;

namespace Portal.Web.Tests.Components;

/// <summary>The Mappings tab as help desk reads it: everything an admin sees, nothing to change.</summary>
public sealed class MappingsTabTests : UiTestBase
{
    [Fact]
    public async Task ReadOnly_ShowsTheMappingsAndFilters_WithNothingToEditRestoreImportOrSave()
    {
        var (applicationId, jobId) = await AddApplicationAsync();
        var cut = Render(applicationId, jobId, canEdit: false);

        cut.WaitForAssertion(() => Assert.Contains("Download mappings", cut.Markup));
        Assert.DoesNotContain("Restore default mappings", cut.Markup);
        Assert.DoesNotContain("Import mappings", cut.Markup);

        await cut.ClickButtonAsync("Provision Microsoft Entra ID Users");
        cut.WaitForAssertion(() => cut.ButtonNamed("View userName"));
        Assert.Contains("userPrincipalName", cut.Markup);
        // MudBlazor's read-only check box: a click on it is prevented, so the box cannot be ticked or cleared.
        Assert.Contains("mud-readonly", cut.InputLabelled("Create").Closest("label")!.ClassName);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.GetAttribute("aria-label") is { } label && label.StartsWith("Edit ", StringComparison.Ordinal));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() is "Save" or "Preview changes" or "Add New Mapping" or "Add scoping filter");
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Back to mappings");
    }

    [Fact]
    public async Task ReadOnly_ViewOpensTheMappingWithItsFieldsReadOnly_TheTesterUsable_AndOnlyClose()
    {
        var (applicationId, jobId) = await AddApplicationAsync();
        var dialogs = Context.Render<MudBlazor.MudDialogProvider>();
        var cut = Render(applicationId, jobId, canEdit: false);
        cut.WaitForAssertion(() => cut.ButtonNamed("Provision Microsoft Entra ID Users"));
        await cut.ClickButtonAsync("Provision Microsoft Entra ID Users");

        await cut.ClickButtonAsync("View userName");

        dialogs.WaitForAssertion(() => Assert.Contains("userName (read only)", dialogs.Markup));
        Assert.True(dialogs.InputLabelled("Source attribute").HasAttribute("readonly"));
        Assert.Equal("userPrincipalName", dialogs.InputLabelled("Source attribute").GetAttribute("value"));
        // The mapping cannot change, but it can still be tried on a directory user.
        Assert.False(dialogs.InputLabelled("Directory user object id").HasAttribute("readonly"));
        Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Close");
        Assert.DoesNotContain(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Ok");
    }

    [Fact]
    public async Task Editable_OffersRestoreImportEditAndSave()
    {
        var (applicationId, jobId) = await AddApplicationAsync();
        var cut = Render(applicationId, jobId, canEdit: true);

        cut.WaitForAssertion(() => Assert.Contains("Restore default mappings", cut.Markup));
        await cut.ClickButtonAsync("Provision Microsoft Entra ID Users");
        cut.WaitForAssertion(() => cut.ButtonNamed("Edit userName"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Save");
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Preview changes");
    }

    [Fact]
    public async Task BackArrow_LeavesTheMapping_WithoutItsUnsavedEdits()
    {
        var (applicationId, jobId) = await AddApplicationAsync();
        var cut = Render(applicationId, jobId, canEdit: true);
        cut.WaitForAssertion(() => cut.ButtonNamed("Provision Microsoft Entra ID Users"));
        await cut.ClickButtonAsync("Provision Microsoft Entra ID Users");
        cut.WaitForAssertion(() => cut.ButtonNamed("Edit userName"));

        await cut.InvokeAsync(() => cut.InputLabelled("Enabled").Change(false));
        await cut.InvokeAsync(() => cut.FindAll("button").First(b => b.GetAttribute("aria-label") == "Back to mappings").Click());

        cut.WaitForAssertion(() => Assert.Equal("Yes", cut.FindAll("tbody tr").First(r => r.TextContent.Contains("Users", StringComparison.Ordinal)).Children[1].TextContent.Trim()));
        await cut.ClickButtonAsync("Provision Microsoft Entra ID Users");
        cut.WaitForAssertion(() => Assert.True(cut.InputLabelled("Enabled").HasAttribute("checked")));
    }

    private IRenderedComponent<MappingsTab> Render(Guid applicationId, Guid jobId, bool canEdit)
    {
        Context.Render<MudBlazor.MudPopoverProvider>();
        return Context.Render<MappingsTab>(p => p.Add(t => t.JobId, jobId).Add(t => t.ApplicationId, applicationId).Add(t => t.CanEdit, canEdit));
    }
}
