using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Components.Pages.Settings;
using Portal.Web.Features.Api;

namespace Portal.Web.Tests.Components;

/// <summary>
/// The tenant admin's API keys page on a real database: a key is shown once and kept only as a hash, audited; revoking
/// one after confirming ends it.
/// </summary>
public sealed class ApiKeysPageTests : UiTestBase
{
    [Fact]
    public async Task ACreatedKey_IsShownOnce_KeptAsAHash_Audited_AndRevokedAfterConfirming()
    {
        var dialogs = Context.Render<MudBlazor.MudDialogProvider>();
        Context.Render<MudBlazor.MudPopoverProvider>();
        var cut = Context.Render<ApiKeysPage>();
        cut.WaitForAssertion(() => Assert.Contains("No API keys yet.", cut.Markup));

        await cut.ClickButtonAsync("Create key");
        cut.WaitForAssertion(() => Assert.Contains("Name the key after what uses it", cut.Markup));

        await cut.ChangeInputAsync(ApiKeys.NameField, "Monitoring");
        await cut.ClickButtonAsync("Create key");

        cut.WaitForAssertion(() => cut.Find("[data-testid=api-key-created]"));
        var token = cut.Find("[data-testid=api-key-created] input").GetAttribute("value")!;
        Assert.StartsWith(ApiKeys.TokenStart, token, StringComparison.Ordinal);
        await using (var db = Database.CreateContext(TenantId))
        {
            var key = await db.ApiKeys.SingleAsync(Ct);
            Assert.Equal(("Monitoring", ApiAccess.Read, ApiKeys.HashOf(token), ApiKeys.PrefixOf(token)), (key.Name, key.Access, key.Hash, key.Prefix));
            var audited = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.CreateApiKey, Ct);
            Assert.DoesNotContain(token, audited.ChangesJson!, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Hash, audited.ChangesJson!, StringComparison.Ordinal);
        }

        // The list names the key by its prefix; the whole key is gone with the next render of the page.
        var row = cut.FindAll("tbody tr").Single().Words();
        Assert.StartsWith($"Monitoring ptl_{ApiKeys.PrefixOf(token)}_… Read", row, StringComparison.Ordinal);
        cut = Context.Render<ApiKeysPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
        Assert.DoesNotContain(token, cut.Markup, StringComparison.Ordinal);

        await cut.ClickButtonAsync("Revoke Monitoring");
        dialogs.WaitForAssertion(() => dialogs.ButtonNamed("Revoke"));
        await dialogs.ClickButtonAsync("Revoke");

        cut.WaitForAssertion(() => Assert.Contains("Revoked", cut.FindAll("tbody tr").Single().Words(), StringComparison.Ordinal));
        await using var after = Database.CreateContext(TenantId);
        Assert.NotNull((await after.ApiKeys.SingleAsync(Ct)).RevokedAt);
        Assert.True(await after.AuditEvents.AnyAsync(e => e.Activity == AuditActivities.RevokeApiKey, Ct));
    }
}
