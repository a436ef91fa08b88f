using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Components.Pages.Applications;

namespace Portal.Web.Tests.Components;

/// <summary>Adding an application proposes a free name and refuses a taken one as the admin types.</summary>
public sealed class ApplicationsPageTests : UiTestBase
{
    [Fact]
    public async Task Add_ProposesTheNextFreeName_AndSaysWhenTheTypedNameIsTaken()
    {
        await AddApplicationAsync();
        var dialogs = Context.Render<MudBlazor.MudDialogProvider>();
        var cut = Context.Render<ApplicationsPage>();
        cut.WaitForAssertion(() => cut.ButtonNamed("Add"));

        await cut.InvokeAsync(() => cut.FindAll("button").First(b => b.TextContent.Trim() == "Add").Click());
        dialogs.WaitForAssertion(() => Assert.Equal("GoTo Meeting 2", dialogs.InputLabelled("Name").GetAttribute("value")));

        await dialogs.InvokeAsync(() => dialogs.InputLabelled("Name").Input("goto meeting"));
        await dialogs.ClickButtonAsync("Create");

        dialogs.WaitForAssertion(() => Assert.Contains("An application named 'goto meeting' already exists", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await using var db = Database.CreateContext(TenantId);
        Assert.Equal(1, await db.Applications.CountAsync(Ct));
    }
}
