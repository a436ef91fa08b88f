using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Secrets;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;
using Portal.Web.Audit;
using Portal.Web.Components.Pages.Settings;
using Portal.Web.Features.Applications;
using Portal.Web.Features.DirectorySource;

namespace Portal.Web.Tests.Components;

/// <summary>
/// The tenant admin's Graph connection page on a real database; Test Connection signs in for real at the Graph
/// emulator on loopback through the production Graph source.
/// </summary>
public sealed class DirectoryConnectionPageTests : UiTestBase
{
    private const string Secret = "graph-client-secret-7f3e";
    private static readonly string ClientId = Guid.NewGuid().ToString();

    public DirectoryConnectionPageTests() => Context.Services.AddGraphDirectorySource(o => o.MaxRetries = 0);

    private IRenderedComponent<DirectoryConnectionPage> RenderPage()
    {
        Context.Render<MudBlazor.MudPopoverProvider>();
        var cut = Context.Render<DirectoryConnectionPage>();
        cut.WaitForAssertion(() => cut.InputLabelled(DirectoryConnectionEditor.ClientIdField));
        return cut;
    }

    [Fact]
    public async Task ChangeNotifications_SayOnUntilWhen_OffWithoutASubscription_AndWhySubscribingFailed()
    {
        var cut = RenderPage();
        Assert.Contains("Off. Cycles run on each application's schedule.", Status(cut), StringComparison.Ordinal);

        var until = DateTimeOffset.UtcNow.AddDays(2);
        var last = DateTimeOffset.UtcNow.AddMinutes(-3);
        await SetDirectoryAsync(d => (d.ChangesSubscribedUntil, d.LastChangeNotificationAt) = (until, last));
        cut = RenderAgain();
        Assert.Contains($"On. Microsoft Graph tells the portal of every change of a user or group", Status(cut), StringComparison.Ordinal);
        Assert.Contains($"Subscribed until {until:yyyy-MM-dd HH:mm} UTC", Status(cut), StringComparison.Ordinal);
        Assert.Contains($"last notification: {last:yyyy-MM-dd HH:mm} UTC", Status(cut), StringComparison.Ordinal);

        // Either way, assignments are read on the watch's own schedule: Graph notifies none of their changes.
        Assert.Contains("the portal reads each application's assignments every 5 minutes and runs a cycle when someone was assigned", Status(cut), StringComparison.Ordinal);

        await SetDirectoryAsync(d => d.ChangeSubscriptionProblem = "Subscribing to change notifications was denied (403).");
        cut = RenderAgain();
        Assert.Contains("Subscribing to Microsoft Graph's change notifications failed: Subscribing to change notifications was denied (403).", Status(cut), StringComparison.Ordinal);
    }

    // The page once more, as after a reload (the popover provider of the first render stays).
    private IRenderedComponent<DirectoryConnectionPage> RenderAgain()
    {
        var cut = Context.Render<DirectoryConnectionPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=change-notifications]"));
        return cut;
    }

    private static string Status(IRenderedComponent<DirectoryConnectionPage> cut) =>
        System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-testid=change-notifications]").TextContent, @"\s+", " ");

    private async Task SetDirectoryAsync(Action<Portal.Data.Entities.DirectoryConnection> change)
    {
        await using var db = Database.CreateContext(TenantId);
        change((await db.Tenants.SingleAsync(t => t.Id == TenantId, Ct)).Directory);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Save_NamesTheFieldAndKeepsWhatWasTyped_WhenTheClientIdIsNotAnId()
    {
        var cut = RenderPage();
        await cut.ChangeInputAsync(DirectoryConnectionEditor.ClientIdField, "my-portal-app");
        await cut.ChangeInputAsync(DirectoryConnectionEditor.ClientSecretField, Secret);

        await cut.ClickButtonAsync("Save");

        cut.WaitForAssertion(() => Assert.Contains("'my-portal-app' is not an ID", cut.Markup));
        Assert.Equal("my-portal-app", cut.InputLabelled(DirectoryConnectionEditor.ClientIdField).GetAttribute("value"));
        await using var db = Database.CreateContext(TenantId);
        var tenant = await db.Tenants.SingleAsync(Ct);
        Assert.Null(tenant.Directory.ClientId);
        Assert.Null(tenant.Directory.ClientSecret);
    }

    [Fact]
    public async Task Save_StoresTheSecretEncryptedAndAudited_AndNeverRendersIt()
    {
        var cut = RenderPage();
        await cut.ChangeInputAsync(DirectoryConnectionEditor.ClientIdField, ClientId);
        await cut.ChangeInputAsync(DirectoryConnectionEditor.ClientSecretField, Secret);

        await cut.ClickButtonAsync("Save");

        cut.WaitForAssertion(() => Assert.Contains("Set — type a new value to replace it", cut.Markup));
        await using var db = Database.CreateContext(TenantId);
        var directory = (await db.Tenants.SingleAsync(Ct)).Directory;
        Assert.Equal(ClientId, directory.ClientId);
        Assert.Equal(Secret, Context.Services.GetRequiredService<SecretProtector>().Unprotect(directory.ClientSecret!));
        Assert.DoesNotContain(Secret, directory.ClientSecret!.Ciphertext, StringComparison.Ordinal);
        Assert.Null(directory.GraphBaseUrl);
        Assert.DoesNotContain(Secret, cut.Markup, StringComparison.Ordinal);

        var entry = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.UpdateDirectoryConnection, Ct);
        var changes = AuditLog.ReadChanges(entry);
        Assert.Contains(changes, c => c.Name == "ClientId" && c.NewValue == ClientId);
        Assert.Contains(changes, c => c.Name == "ClientSecret" && c.NewValue == AuditChange.SecretChanged);
        Assert.DoesNotContain(Secret, entry.ChangesJson!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_SignsInAtTheEmulator_AndReportsAWrongSecretAsRejected()
    {
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: Ct);
        await ConnectToAsync(graph);
        var cut = RenderPage();
        Assert.Contains("Set — type a new value to replace it", cut.Markup);

        await cut.ClickButtonAsync("Test connection");

        cut.WaitForAssertion(() => Assert.Contains("users and groups can be read", cut.Find("[data-testid=directory-test-result]").TextContent),
            TimeSpan.FromSeconds(20));
        Assert.Contains("mud-alert-text-success", cut.Find("[data-testid=directory-test-result]").OuterHtml);
        // The demo app registration's secret ends half a year after the emulator started: said, and kept for the page.
        var ends = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(180), TimeSpan.Zero);
        Assert.Contains($"The client secret 'Portal' expires on {ends:yyyy-MM-dd}, in 179 days.", cut.Find("[data-testid=directory-test-result]").TextContent);
        Assert.Contains($"The client secret expires on {ends:yyyy-MM-dd}, in 179 days (read from the app registration",
            cut.Find("[data-testid=client-secret-expiry]").Words());
        // The demo app may assign users and groups: said, and kept for the Users and groups tab.
        Assert.Contains("Tenant admins may assign users and groups from the portal", cut.Find("[data-testid=directory-test-result]").TextContent);
        await using (var read = Database.CreateContext(TenantId))
        {
            Assert.True((await read.Tenants.SingleAsync(Ct)).Directory.MayAssign);
        }

        await cut.ChangeInputAsync(DirectoryConnectionEditor.ClientSecretField, "not-the-secret");
        await cut.ClickButtonAsync("Test connection");

        cut.WaitForAssertion(() => Assert.Contains("mud-alert-text-error", cut.Find("[data-testid=directory-test-result]").OuterHtml),
            TimeSpan.FromSeconds(20));
        Assert.DoesNotContain("not-the-secret", cut.Find("[data-testid=directory-test-result]").TextContent, StringComparison.Ordinal);
        // Testing saves nothing: the stored secret is still the right one.
        await using var db = Database.CreateContext(TenantId);
        var stored = (await db.Tenants.SingleAsync(Ct)).Directory.ClientSecret!;
        Assert.Equal(SandboxDemoIds.ClientSecret, Context.Services.GetRequiredService<SecretProtector>().Unprotect(stored));
    }

    [Fact]
    public async Task TheClientSecretsEnd_IsAWarningInItsLastMonth_AndForgottenWhenANewSecretIsSaved()
    {
        await SetDirectoryAsync(d => (d.ClientId, d.ClientSecret, d.ClientSecretExpiresAt, d.ClientSecretReadAt) =
            (ClientId, Context.Services.GetRequiredService<SecretProtector>().Protect(Secret), DateTimeOffset.UtcNow.AddDays(9.5), DateTimeOffset.UtcNow));
        var cut = RenderPage();
        var warning = cut.Find("[data-testid=client-secret-expiry]");
        Assert.Contains("mud-alert-text-warning", warning.OuterHtml);
        Assert.Contains("The directory connection's client secret expires on", warning.Words(), StringComparison.Ordinal);
        Assert.Contains("in 9 days. Once it has ended the portal can no longer read the directory, and no application is provisioned. Create a new one",
            warning.Words(), StringComparison.Ordinal);

        await cut.ChangeInputAsync(DirectoryConnectionEditor.ClientSecretField, "the-new-secret-value");
        await cut.ClickButtonAsync("Save");

        cut.WaitForAssertion(() => Assert.Contains("When the client secret ends is read from the app registration at Test connection and every day.",
            cut.Find("[data-testid=client-secret-expiry]").Words()));
        await using var db = Database.CreateContext(TenantId);
        var directory = (await db.Tenants.SingleAsync(Ct)).Directory;
        Assert.Equal((null, null), (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt));
    }

    [Fact]
    public async Task TestConnection_IsRefusedAfterFivePressesWithinTenSeconds_WithoutSigningIn()
    {
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: Ct);
        await ConnectToAsync(graph);
        var editor = Context.Services.GetRequiredService<DirectoryConnectionEditor>();
        var form = await editor.LoadAsync(Ct);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await editor.TestAsync(form, Ct)).Succeeded);
        }

        var requestsBefore = graph.Emulator.RequestLog.Snapshot().Count;
        var refused = await editor.TestAsync(form, Ct);

        Assert.False(refused.Succeeded);
        Assert.StartsWith("Test connection is limited to 5 requests per 10 seconds for this directory", refused.Message, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, graph.Emulator.RequestLog.Snapshot().Count);
    }

    [Fact]
    public async Task LinkingAnApplication_RefusesWhatIsNotAnObjectId_AndStoresAndAuditsAnId()
    {
        var (applicationId, _) = await AddApplicationAsync();
        var directory = Context.Services.GetRequiredService<DirectoryAccess>();

        var refused = await Assert.ThrowsAsync<DirectoryConnectionException>(() => directory.LinkEnterpriseApplicationAsync(applicationId, "GoTo Meeting", Ct));
        Assert.Equal(DirectoryAccess.EnterpriseApplicationField, refused.Field);
        Assert.Null(await directory.EnterpriseApplicationAsync(applicationId, Ct));

        var objectId = Guid.NewGuid().ToString();
        await directory.LinkEnterpriseApplicationAsync(applicationId, $" {objectId} ", Ct);

        Assert.Equal(objectId, await directory.EnterpriseApplicationAsync(applicationId, Ct));
        await using var db = Database.CreateContext(TenantId);
        var entry = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.LinkEnterpriseApplication, Ct);
        Assert.Contains(AuditLog.ReadChanges(entry), c => c.NewValue == objectId);
    }

    private async Task ConnectToAsync(SandboxGraphServer graph)
    {
        await using var db = Database.CreateContext(TenantId);
        var tenant = await db.Tenants.SingleAsync(Ct);
        tenant.DirectoryId = SandboxDemoIds.TenantId;
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = Context.Services.GetRequiredService<SecretProtector>().Protect(SandboxDemoIds.ClientSecret);
        tenant.Directory.GraphBaseUrl = graph.BaseUrl;
        tenant.Directory.TokenEndpoint = graph.TokenEndpoint;
        await db.SaveChangesAsync(Ct);
    }
}
