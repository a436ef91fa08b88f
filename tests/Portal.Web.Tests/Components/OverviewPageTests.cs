using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Components.Pages.Overview;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components;

/// <summary>
/// The overview warns of the directory connection's client secret in its last month: a tenant admin is sent to renew it,
/// help desk is told who does.
/// </summary>
public sealed class OverviewPageTests : UiTestBase
{
    [Fact]
    public async Task ASecretEndingWithinAMonth_IsAWarningThatLinksToTheDirectoryConnection()
    {
        var cut = await RenderWithSecretEndingAsync(Database, TenantId, Context, DateTimeOffset.UtcNow.AddDays(40));
        Assert.Empty(cut.FindAll("[data-testid=client-secret-expiry]"));

        cut = await RenderWithSecretEndingAsync(Database, TenantId, Context, DateTimeOffset.UtcNow.AddDays(3.5));
        var warning = cut.Find("[data-testid=client-secret-expiry]");
        Assert.Contains("mud-alert-text-warning", warning.OuterHtml);
        Assert.Contains("in 3 days. Once it has ended the portal can no longer read the directory", warning.Words(), StringComparison.Ordinal);
        Assert.Equal("settings/directory", warning.QuerySelector("a")!.GetAttribute("href"));

        cut = await RenderWithSecretEndingAsync(Database, TenantId, Context, DateTimeOffset.UtcNow.AddHours(-2));
        warning = cut.Find("[data-testid=client-secret-expiry]");
        Assert.Contains("mud-alert-text-error", warning.OuterHtml);
        Assert.Contains("The portal can no longer read the directory, so no application is provisioned.", warning.Words(), StringComparison.Ordinal);
    }

    internal static async Task<IRenderedComponent<OverviewPage>> RenderWithSecretEndingAsync(
        Portal.Testing.TestDatabase database, Guid tenantId, BunitContext context, DateTimeOffset ends)
    {
        await using (var db = database.CreateContext(tenantId))
        {
            (await db.Tenants.SingleAsync(Ct)).Directory.ClientSecretExpiresAt = ends;
            await db.SaveChangesAsync(Ct);
        }

        var cut = context.Render<OverviewPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=open-failures]"));
        return cut;
    }
}

/// <summary>Help desk sees the same warning, without a link to a page it may not open.</summary>
public sealed class OverviewPageHelpDeskTests : UiTestBase
{
    protected override string[] Policies => [PortalPolicies.HelpDesk];

    [Fact]
    public async Task ASecretEndingWithinAMonth_TellsHelpDeskWhoRenewsIt()
    {
        var cut = await OverviewPageTests.RenderWithSecretEndingAsync(Database, TenantId, Context, DateTimeOffset.UtcNow.AddDays(3.5));

        var warning = cut.Find("[data-testid=client-secret-expiry]");
        Assert.Contains("A tenant admin renews it under Directory connection.", warning.Words(), StringComparison.Ordinal);
        Assert.Null(warning.QuerySelector("a"));
    }
}
