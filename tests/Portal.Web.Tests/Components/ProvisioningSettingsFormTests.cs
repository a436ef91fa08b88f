using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Web.Components.Pages.Provisioning;
using Portal.Web.Features.Applications;

namespace Portal.Web.Tests.Components;

public sealed class ProvisioningSettingsFormTests : UiTestBase
{
    private const string StoredSecret = "stored-admin-password-7f3a";

    [Fact]
    public async Task Render_NeverShowsTheStoredSecret_WhenOneIsSet()
    {
        var (_, jobId) = await AddApplicationAsync();
        var ciphertext = await StoreSecretAsync(jobId);

        var cut = Render(jobId);

        cut.WaitForAssertion(() => Assert.Contains("Set — type a new value to replace it", cut.Markup));
        Assert.DoesNotContain(StoredSecret, cut.Markup);
        Assert.DoesNotContain(ciphertext, cut.Markup);
        Assert.Equal(string.Empty, cut.InputLabelled("Admin Password").GetAttribute("value") ?? string.Empty);
        Assert.Equal("password", cut.InputLabelled("Admin Password").GetAttribute("type"));
    }

    [Fact]
    public async Task Render_WarnsAboutTheNotificationAddress_WhenTheMailServerRefusedIt()
    {
        var (_, jobId) = await AddApplicationAsync();
        await using (var db = Database.CreateContext(TenantId))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
            job.NotificationEmailProblem = "The mail server refused the notification address: 550 mailbox unavailable";
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render(jobId);

        cut.WaitForAssertion(() => Assert.Contains("550 mailbox unavailable Check the address, then save it again.", cut.Markup));
    }

    [Fact]
    public async Task Save_ClearsTheBouncedAddressWarning_SoMailIsTriedAgain()
    {
        var (_, jobId) = await AddApplicationAsync();
        await using (var db = Database.CreateContext(TenantId))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
            job.NotificationEmail = "ops@contoso.test";
            job.NotificationEmailProblem = "The mail server refused the notification address: 550 mailbox unavailable";
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render(jobId);
        cut.WaitForAssertion(() => Assert.Contains("550 mailbox unavailable", cut.Markup));
        await cut.ChangeInputAsync("Tenant URL", "https://scim.example.test/v2");
        await cut.ChangeInputAsync("Notification Email", "ops.team@contoso.test");
        await cut.InvokeAsync(() => cut.ButtonNamed("Save").Click());

        cut.WaitForAssertion(() => Assert.DoesNotContain("550 mailbox unavailable", cut.Markup));
        await using var check = Database.CreateContext(TenantId);
        var saved = await check.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
        Assert.Equal("ops.team@contoso.test", saved.NotificationEmail);
        Assert.Null(saved.NotificationEmailProblem);
    }

    [Fact]
    public async Task Save_KeepsWhatWasTypedAndNamesTheField_WhenIntervalIsOutOfRange()
    {
        var (_, jobId) = await AddApplicationAsync();
        var cut = Render(jobId);
        cut.WaitForAssertion(() => cut.InputLabelled("Tenant URL"));

        await cut.ChangeInputAsync("Tenant URL", "https://scim.example.test/v2");
        await cut.ChangeInputAsync("Notification Email", "ops@contoso.test");
        await cut.ChangeInputAsync("Interval (minutes)", "2");
        await cut.InvokeAsync(() => cut.ButtonNamed("Save").Click());

        cut.WaitForAssertion(() => Assert.Contains("Interval 2 minutes is outside 5 minutes to 24 hours", cut.Markup));
        Assert.Equal("https://scim.example.test/v2", cut.InputLabelled("Tenant URL").GetAttribute("value"));
        Assert.Equal("ops@contoso.test", cut.InputLabelled("Notification Email").GetAttribute("value"));
        await using var db = Database.CreateContext(TenantId);
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
        Assert.Equal("https://api.getgo.com/identity/v1", job.Target.BaseUrl);
    }

    [Fact]
    public async Task Save_StoresANewSecretProtectedAndClearsTheField_WhenOneIsTyped()
    {
        var (_, jobId) = await AddApplicationAsync();
        var cut = Render(jobId);
        cut.WaitForAssertion(() => cut.InputLabelled("Admin Password"));

        await cut.ChangeInputAsync("Tenant URL", "https://scim.example.test/v2");
        await cut.ChangeInputAsync("Admin Password", "typed-new-password-91");
        await cut.InvokeAsync(() => cut.ButtonNamed("Save").Click());

        cut.WaitForAssertion(() => Assert.Contains("Set — type a new value to replace it", cut.Markup));
        Assert.DoesNotContain("typed-new-password-91", cut.Markup);
        await using var db = Database.CreateContext(TenantId);
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
        Assert.NotNull(job.Target.Secret);
        Assert.DoesNotContain("typed-new-password-91", job.Target.Secret!.Ciphertext);
        Assert.Equal("typed-new-password-91", Context.Services.GetRequiredService<SecretProtector>().Unprotect(job.Target.Secret));
        var audit = await db.AuditEvents.SingleAsync(a => a.Activity == "Update provisioning setting or credentials", Ct);
        Assert.DoesNotContain("typed-new-password-91", audit.ChangesJson);
        Assert.Contains("changed", audit.ChangesJson);
    }

    [Fact]
    public async Task Render_ShowsTokenEndpointScopeAndSecretPlacement_WhenTheScimAppUsesOAuth()
    {
        var (_, jobId) = await AddApplicationAsync(ApplicationGallery.ScimId);
        await using (var db = Database.CreateContext(TenantId))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
            job.Target.AuthKind = Portal.Data.Entities.TargetAuthKind.OAuthClientCredentials;
            job.Target.TokenEndpoint = "https://login.example.test/oauth/token";
            job.Target.ClientSecretPlacement = Portal.Data.Entities.OAuthClientSecretPlacement.Body;
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render(jobId, ApplicationGallery.ScimId);

        cut.WaitForAssertion(() => cut.InputLabelled("Token Endpoint"));
        Assert.Equal("https://login.example.test/oauth/token", cut.InputLabelled("Token Endpoint").GetAttribute("value"));
        Assert.Contains("Request body (client_secret_post)", cut.Markup);
        Assert.Contains("Client Secret Sent In", cut.Markup);
        Assert.Equal("password", cut.InputLabelled("Client Secret").GetAttribute("type"));
    }

    [Fact]
    public async Task Render_HidesOAuthFields_WhenTheAppUsesAdminCredentials()
    {
        var (_, jobId) = await AddApplicationAsync();

        var cut = Render(jobId);

        cut.WaitForAssertion(() => cut.InputLabelled("Admin Password"));
        Assert.DoesNotContain("Token Endpoint", cut.Markup);
        Assert.DoesNotContain("Client Secret Sent In", cut.Markup);
        Assert.DoesNotContain("Authentication Method", cut.Markup);
        Assert.Contains("Suspend: PATCH active=false", cut.Markup);
        Assert.Contains("Team Admin (TeamAdmin)", cut.Markup);
        Assert.Contains("Default Access does not provision", cut.Markup);
    }

    [Fact]
    public async Task ScopeChange_OffersItsPreview_UntilSavedOrChangedBack()
    {
        var (_, jobId) = await AddApplicationAsync();
        var cut = Render(jobId);
        cut.WaitForAssertion(() => cut.InputLabelled("Admin Password"));
        Assert.DoesNotContain("Preview scope change", cut.Markup);
        var scope = cut.FindComponents<MudSelect<ProvisioningScope>>().Single(s => s.Instance.Label == "Scope");

        await cut.InvokeAsync(() => scope.Instance.ValueChanged.InvokeAsync(ProvisioningScope.All));
        cut.WaitForAssertion(() => cut.ButtonNamed("Preview scope change"));

        await cut.InvokeAsync(() => scope.Instance.ValueChanged.InvokeAsync(ProvisioningScope.AssignedOnly));
        cut.WaitForAssertion(() => Assert.DoesNotContain("Preview scope change", cut.Markup));
    }

    [Fact]
    public async Task ReadOnly_ShowsTheSettingsWithEveryFieldReadOnly_AndNoSaveOrTest()
    {
        var (_, jobId) = await AddApplicationAsync();
        var ciphertext = await StoreSecretAsync(jobId);

        var cut = Render(jobId, canEdit: false);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=read-only-settings]")));
        Assert.Equal("https://api.getgo.com/identity/v1", cut.InputLabelled("Tenant URL").GetAttribute("value"));
        foreach (var label in new[] { "Tenant URL", "Admin Password", "Notification Email", "Interval (minutes)" })
        {
            Assert.True(cut.InputLabelled(label).HasAttribute("readonly"), $"{label} should be read-only");
        }

        Assert.Contains(">Set<", cut.Markup);
        Assert.DoesNotContain(StoredSecret, cut.Markup);
        Assert.DoesNotContain(ciphertext, cut.Markup);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() is "Save" or "Test Connection" or "Preview scope change");
    }

    [Fact]
    public async Task WhenSomeoneLeaves_FollowsTheSettingsAsEdited_BeforeTheyAreSaved()
    {
        var (_, jobId) = await AddApplicationAsync();
        var cut = Render(jobId);
        cut.WaitForAssertion(() => cut.Find("[data-testid=deprovisioning-rules]"));
        string Then(string when) => cut.FindAll("[data-testid=deprovisioning-rules] tr")
            .Single(r => r.Children[0].TextContent == when).Children[1].TextContent;
        const string unassigned = "A user is unassigned, loses the role the application requires, or no longer matches a scoping filter";

        // GoTo Meeting suspends; the deletion threshold of the job is named.
        Assert.StartsWith("The account is suspended (PATCH active=false)", Then(unassigned), StringComparison.Ordinal);
        Assert.Contains("More than 500 disables and deletes are due in one cycle", cut.Find("[data-testid=deprovisioning-rules]").TextContent, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.InputLabelled("Skip out-of-scope deletions").Change(true));

        cut.WaitForAssertion(() => Assert.StartsWith("Nothing: out-of-scope deletions are skipped", Then(unassigned), StringComparison.Ordinal));
        await using var db = Database.CreateContext(TenantId);
        Assert.False((await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct)).SkipOutOfScopeDeletions);
    }

    private IRenderedComponent<ProvisioningSettingsForm> Render(Guid jobId, string templateId = ApplicationGallery.GoToMeetingId, bool canEdit = true) =>
        Context.Render<ProvisioningSettingsForm>(p => p.Add(f => f.JobId, jobId).Add(f => f.TemplateId, templateId).Add(f => f.CanEdit, canEdit));

    private async Task<string> StoreSecretAsync(Guid jobId)
    {
        await using var db = Database.CreateContext(TenantId);
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
        job.Target.Secret = Context.Services.GetRequiredService<SecretProtector>().Protect(StoredSecret);
        await db.SaveChangesAsync(Ct);
        return job.Target.Secret.Ciphertext;
    }
}
