using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Sandbox.Scim;
using Portal.Web.Audit;
using Portal.Sandbox.Graph;
using Portal.Web.Components.Pages.Applications;
using Portal.Web.Components.Pages.Provisioning;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Tests.Components;

namespace Portal.Web.Tests.Features;

/// <summary>
/// An account made in the target by hand under another user name, listed by Reconciliation as not managed by the
/// portal, linked by a tenant admin to the directory user it belongs to: over the real wire, and on the tab.
/// </summary>
public sealed class LinkAccountTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATenantAdmin_LinksAHandMadeAccount_ToAnAssignedUser_HelpDeskCannot()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var legacy = await HandMadeAccountAsync(portal, "p.one@legacy.example");
        var actions = portal.Get<IProvisioningActions>();

        await using (var helpDesk = portal.SignedInAs(PortalRoles.HelpDesk))
        {
            var refused = await helpDesk.ServiceProvider.GetRequiredService<IProvisioningActions>().LinkAsync(portal.JobId, ObjectKind.User, members[0], legacy, Ct);
            Assert.Equal((false, "Only tenant admins can link an account to the directory."), (refused.Succeeded, refused.Message));
        }

        var linked = await actions.LinkAsync(portal.JobId, ObjectKind.User, members[0], legacy, Ct);

        Assert.True(linked.Succeeded, linked.Message);
        Assert.Equal("Pilot User 1 is linked to the account and has the directory's values; cycles manage it from now on.", linked.Message);
        Assert.Equal([("Pilot User 1", "Update", "Success")], linked.Objects.Select(o => (o.DisplayName, o.Action, o.Status)));
        var account = Assert.Single(portal.Scim.Target.Users);
        Assert.Equal((legacy, "pilot1@contoso.example"), (account["id"]!.GetValue<string>(), account["userName"]!.GetValue<string>()));
        await using var db = portal.CreateContext();
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Activity == AuditActivities.LinkTargetObject, Ct);
        Assert.Equal("Adele Admin", audit.ActorName);

        // A second account cannot be given to her as well, and the refusal says why.
        var other = await HandMadeAccountAsync(portal, "p.one.again@legacy.example");
        var again = await actions.LinkAsync(portal.JobId, ObjectKind.User, members[1], legacy, Ct);
        Assert.Equal((false, "This account is already linked to Pilot User 1: one account, one directory object."), (again.Succeeded, again.Message));
        Assert.Empty(again.Objects);
        Assert.Equal(2, portal.Scim.Target.Users.Count);
        Assert.NotEqual(legacy, other);
    }

    [Fact]
    public async Task OnTheReconciliationTab_AnAdminLinksAnAccountNotManaged_ToTheUserPicked()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var legacy = await HandMadeAccountAsync(portal, "p.one@legacy.example");
        await using var context = portal.ComponentContext();
        var dialogs = context.Render<MudDialogProvider>();
        var cut = context.Render<ReconciliationPanel>(p => p.Add(t => t.JobId, portal.JobId).Add(t => t.ApplicationId, portal.ApplicationId).Add(t => t.CanRepair, true));

        await cut.ClickButtonAsync("Compare with target");
        cut.WaitForAssertion(() => cut.ButtonNamed("Link Legacy Account to a user"), TimeSpan.FromSeconds(10));
        await cut.ClickButtonAsync("Link Legacy Account to a user");
        dialogs.WaitForAssertion(() => Assert.Contains($"Link the account Legacy Account ({legacy}) to the user of the directory", dialogs.Find(".mud-dialog").Words(),
            StringComparison.Ordinal));
        Assert.True(dialogs.Find("[data-testid=link-confirm]").HasAttribute("disabled"));

        // The picker's own search, against the directory emulator, then its choice, as a person picks from the list.
        var picker = dialogs.FindComponent<MudAutocomplete<DirectoryPick>>();
        var found = await picker.Instance.SearchFunc!("Pilot User 1", Ct)!;
        await dialogs.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(found.First(p => p?.Name == "Pilot User 1")));
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=link-confirm]").HasAttribute("disabled")));
        await dialogs.Find("[data-testid=link-confirm]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Pilot User 1 is linked to the account and has the directory's values; cycles manage it from now on.",
            cut.Find("[data-testid=repair-result]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=reconcile-result]"));
        Assert.Equal("pilot1@contoso.example", Assert.Single(portal.Scim.Target.Users)["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheListsFilter_ToTheAccountsWhoseNameOrIdHoldsWhatWasTyped()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await HandMadeAccountAsync(portal, "p.one@legacy.example");
        var other = await HandMadeAccountAsync(portal, "p.two@legacy.example", "Other Account");
        await using var context = portal.ComponentContext();
        var cut = context.Render<ReconciliationPanel>(p => p.Add(t => t.JobId, portal.JobId).Add(t => t.ApplicationId, portal.ApplicationId).Add(t => t.CanRepair, true));
        await cut.ClickButtonAsync("Compare with target");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("button[aria-label$=' to a user']").Count), TimeSpan.FromSeconds(10));

        await cut.InvokeAsync(() => cut.InputLabelled("Find in the lists").Input(other[..8]));

        cut.WaitForAssertion(() => Assert.Equal(["Link Other Account to a user"], cut.FindAll("button[aria-label$=' to a user']").Select(b => b.GetAttribute("aria-label"))));
        Assert.Contains($"Not managed by the portal, 1 matching '{other[..8]}'", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTheUsersAndGroupsTab_AnAdminChoosesWhichOfTheMatchingAccountsIsTheUsers()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        var ann = directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Ann Assigned", ["userPrincipalName"] = "ann@contoso.example", ["accountEnabled"] = true });
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, ann, SandboxDemoIds.ScimUserRoleId);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var (first, second) = (await HandMadeAccountAsync(portal, "ann.one@legacy.example", "Ann One"), await HandMadeAccountAsync(portal, "ann.two@legacy.example", "Ann Two"));
        // Her latest provisioning failed as a duplicate match does, naming both accounts in its matching step.
        await using (var db = portal.CreateContext())
        {
            db.ProvisioningLogs.Add(new ProvisioningLogEntry
            {
                TenantId = portal.TenantId, JobId = portal.JobId, CycleId = Guid.NewGuid(), ActivityDateTime = DateTimeOffset.UtcNow,
                Action = ProvisioningAction.Create, Status = ProvisioningLogStatus.Failure, IdentityType = ObjectKind.User, SourceId = ann,
                SourceDisplayName = "Ann Assigned", ErrorCode = "DuplicateTargetEntries", ErrorReason = "Several target objects match; none was picked.",
                StepsJson = new JsonArray(new JsonObject
                {
                    ["name"] = "EntryMatching", ["status"] = "Failure", ["description"] = "Several target objects match on externalId.",
                    ["details"] = new JsonObject { ["MatchingTargetIds"] = $"{first}, {second}" },
                }).ToJsonString(),
            });
            await db.SaveChangesAsync(Ct);
        }

        await using var context = portal.ComponentContext();
        var dialogs = context.Render<MudDialogProvider>();
        var cut = context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, portal.ApplicationId).Add(t => t.JobId, portal.JobId).Add(t => t.CanEdit, true));
        cut.WaitForAssertion(() => cut.ButtonNamed("Choose the account of Ann Assigned"), TimeSpan.FromSeconds(10));

        await cut.ClickButtonAsync("Choose the account of Ann Assigned");
        dialogs.WaitForAssertion(() => Assert.Equal([$"Ann One — {first}", $"Ann Two — {second}"],
            dialogs.FindAll(".mud-radio").Select(r => r.Words())), TimeSpan.FromSeconds(10));
        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudRadioGroup<string>>().Instance.ValueChanged.InvokeAsync(second));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=choose-account-link]").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("button[aria-label='Choose the account of Ann Assigned']")), TimeSpan.FromSeconds(10));
        var users = portal.Scim.Target.Users.ToDictionary(u => u["id"]!.GetValue<string>(), u => u["userName"]!.GetValue<string>());
        Assert.Equal(("ann.one@legacy.example", "ann@contoso.example"), (users[first], users[second]));
    }

    private static async Task<string> HandMadeAccountAsync(OnDemandPortal portal, string userName, string displayName = "Legacy Account")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.Scim.ScimBaseUrl}/Users");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = userName,
            ["displayName"] = displayName,
            ["active"] = true,
        };
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }
}
