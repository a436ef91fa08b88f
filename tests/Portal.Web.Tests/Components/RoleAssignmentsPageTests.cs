using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.RoleAssignments;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components;

/// <summary>Roles and administrators, as a tenant admin sees it: roles by name, everyone's roles, no way to lock oneself out.</summary>
public sealed class RoleAssignmentsPageTests : UiTestBase
{
    public RoleAssignmentsPageTests() => Context.Services.AddScoped<RoleAssignmentService>();

    [Fact]
    public async Task TenantAdmin_SeesRolesByName_AndAnOperatorsRoleWithoutBeingAbleToChangeIt()
    {
        await AddPeopleAsync();

        var cut = Context.Render<RoleAssignmentsPage>();

        cut.WaitForAssertion(() => Assert.Contains("olga@contoso.example", cut.Markup));
        var olga = Row(cut, "olga@contoso.example");
        var held = Assert.Single(olga.QuerySelectorAll("input[type=checkbox]"), b => b.HasAttribute("checked"));
        Assert.Contains("Operator (assigned by operators)", held.ParentElement!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.True(held.HasAttribute("disabled"));
        Assert.Equal(["Tenant admin", "Help desk"], Labels(Row(cut, "henry@contoso.example")));
        Assert.DoesNotContain("Portal.HelpDesk", Row(cut, "henry@contoso.example").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, cut.FindAll("[data-testid=role-summaries] li").Count);
        Assert.Contains("Help desk (app role Portal.HelpDesk)", cut.Find("[data-testid=role-summaries]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntickingOnesOwnTenantAdminRole_IsRefusedWithAReason_AndTheRoleStays()
    {
        var adele = await AddPeopleAsync();
        var cut = Context.Render<RoleAssignmentsPage>();
        cut.WaitForAssertion(() => Assert.Contains("adele@contoso.example", cut.Markup));

        var own = Row(cut, "adele@contoso.example").QuerySelectorAll("input[type=checkbox]").First();
        await cut.InvokeAsync(() => own.Change(false));

        cut.WaitForAssertion(() => Assert.Contains("You cannot remove your own tenant admin role", cut.Markup, StringComparison.Ordinal));
        await using var db = Database.CreateContext(TenantId);
        Assert.Equal([PortalRoles.TenantAdmin], (await db.PortalUsers.SingleAsync(u => u.Id == adele, Ct)).Roles);
    }

    [Fact]
    public async Task AnOperatorsAccount_CannotBeDisabledByATenantAdmin_OnThePageOrThroughTheService()
    {
        await AddPeopleAsync();
        var cut = Context.Render<RoleAssignmentsPage>();
        cut.WaitForAssertion(() => Assert.Contains("olga@contoso.example", cut.Markup));

        Assert.True(Row(cut, "olga@contoso.example").QuerySelector("button")!.HasAttribute("disabled"));
        Assert.False(Row(cut, "henry@contoso.example").QuerySelector("button")!.HasAttribute("disabled"));
        await using var db = Database.CreateContext(TenantId);
        var olga = await db.PortalUsers.SingleAsync(u => u.UserPrincipalName == "olga@contoso.example", Ct);
        var refusal = await Assert.ThrowsAsync<RoleAssignmentException>(
            () => Context.Services.GetRequiredService<RoleAssignmentService>().SetDisabledAsync(olga.Id, true, Ct));
        Assert.Equal("Only operators can disable or enable an operator's account.", refusal.Message);
        Assert.False((await db.PortalUsers.AsNoTracking().SingleAsync(u => u.Id == olga.Id, Ct)).IsDisabled);
    }

    // Adele (the signed-in tenant admin), Henry of the help desk and Olga the operator.
    private async Task<Guid> AddPeopleAsync()
    {
        var people = new[] { ("adele", PortalRoles.TenantAdmin), ("henry", PortalRoles.HelpDesk), ("olga", PortalRoles.Operator) }
            .Select(p => new PortalUser { ObjectId = Guid.NewGuid().ToString(), UserPrincipalName = $"{p.Item1}@contoso.example", Roles = [p.Item2], CreatedAt = DateTimeOffset.UtcNow })
            .ToList();
        await using (var db = Database.CreateContext(TenantId))
        {
            db.PortalUsers.AddRange(people);
            await db.SaveChangesAsync(Ct);
        }

        var adele = new SignedInUser(people[0].Id, people[0].ObjectId!, "Adele Admin", "directory-" + TenantId, TenantId, TenantId,
            new HashSet<string> { PortalRoles.TenantAdmin }, new HashSet<string>(), "sid", SignInMethod.Dev);
        Context.Services.GetRequiredService<CurrentUser>().Set(adele.ToPrincipal());
        return people[0].Id;
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<RoleAssignmentsPage> cut, string userPrincipalName) =>
        cut.FindAll("tr").Single(r => r.TextContent.Contains(userPrincipalName, StringComparison.Ordinal));

    private static string[] Labels(AngleSharp.Dom.IElement row) =>
        row.QuerySelectorAll("label").Select(l => l.TextContent.Trim()).Where(t => t.Length > 0).ToArray();
}
