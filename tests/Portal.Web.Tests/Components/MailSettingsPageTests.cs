using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Web.Audit;
using Portal.Web.Components.Pages.Settings;
using Portal.Web.Identity;
using Portal.Web.Notifications;
using Portal.Web.Tests.Notifications;

namespace Portal.Web.Tests.Components;

/// <summary>The operator's SMTP settings page on a real database, with test emails to a real SMTP server on loopback.</summary>
public sealed class MailSettingsPageTests : UiTestBase
{
    private const string Password = "smtp-relay-password-51c2";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected override string[] Policies => [PortalPolicies.Operator, PortalPolicies.TenantAdmin, PortalPolicies.HelpDesk];

    private IRenderedComponent<MailSettingsPage> RenderPage()
    {
        Context.Services.Configure<NotificationOptions>(_ => { });
        Context.Services.AddSingleton<MailTransport>();
        Context.Services.AddScoped<CurrentUser>();
        Context.Services.AddScoped<AuditLog>();
        Context.Render<MudBlazor.MudPopoverProvider>();
        var cut = Context.Render<MailSettingsPage>();
        cut.WaitForAssertion(() => cut.InputLabelled("SMTP host"));
        return cut;
    }

    private static async Task FillAsync(IRenderedComponent<MailSettingsPage> cut, string host, int port, string security)
    {
        await cut.ChangeInputAsync("SMTP host", host);
        await cut.ChangeInputAsync("Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cut.InvokeAsync(() => cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == security).QuerySelector("input")!.Click());
        await cut.ChangeInputAsync("From address", "portal@contoso.example");
    }

    [Fact]
    public async Task Save_NamesTheFieldAndKeepsWhatWasTyped_WhenThePortIsOutOfRange()
    {
        var cut = RenderPage();
        await FillAsync(cut, "smtp.contoso.example", 70000, "STARTTLS");
        await cut.ChangeInputAsync("User name", "relay-user");

        await cut.ClickButtonAsync("Save");

        cut.WaitForAssertion(() => Assert.Contains("Port 70000 is outside 1 to 65535", cut.Markup));
        Assert.Equal("smtp.contoso.example", cut.InputLabelled("SMTP host").GetAttribute("value"));
        Assert.Equal("relay-user", cut.InputLabelled("User name").GetAttribute("value"));
        Assert.Equal("70000", cut.InputLabelled("Port").GetAttribute("value"));
        await using var db = Database.CreateContext();
        Assert.False(await db.MailSettings.AnyAsync(Ct));
    }

    [Fact]
    public async Task Save_StoresThePasswordEncryptedAndAudited_AndNeverRendersIt()
    {
        var cut = RenderPage();
        await FillAsync(cut, "smtp.contoso.example", 587, "STARTTLS");
        await cut.ChangeInputAsync("User name", "relay-user");
        await cut.ChangeInputAsync("Password", Password);

        await cut.ClickButtonAsync("Save");

        cut.WaitForAssertion(() => Assert.Contains("Set — type a new value to replace it", cut.Markup));
        await using var db = Database.CreateContext(TenantId);
        var stored = await db.MailSettings.SingleAsync(Ct);
        Assert.Equal(("smtp.contoso.example", 587, MailSecurity.StartTls, "relay-user"), (stored.Host, stored.Port, stored.Security, stored.UserName));
        Assert.NotNull(stored.Password);
        Assert.DoesNotContain(Password, stored.Password.Ciphertext, StringComparison.Ordinal);
        Assert.Equal(Password, Context.Services.GetRequiredService<SecretProtector>().Unprotect(stored.Password));
        Assert.DoesNotContain(Password, cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Password.Ciphertext, cut.Markup, StringComparison.Ordinal);
        Assert.Equal(string.Empty, cut.InputLabelled("Password").GetAttribute("value") ?? string.Empty);

        var entry = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.UpdateMailSettings, Ct);
        var changes = AuditLog.ReadChanges(entry);
        Assert.Contains(changes, c => c.Name == "Host" && c.NewValue == "smtp.contoso.example");
        Assert.Contains(changes, c => c.Name == "Password" && c.NewValue == AuditChange.SecretChanged);
        Assert.DoesNotContain(Password, entry.ChangesJson!, StringComparison.Ordinal);

        var reloaded = Context.Render<MailSettingsPage>();
        reloaded.WaitForAssertion(() => Assert.Equal("relay-user", reloaded.InputLabelled("User name").GetAttribute("value")));
        Assert.DoesNotContain(Password, reloaded.Markup, StringComparison.Ordinal);
        Assert.Contains("Set — type a new value to replace it", reloaded.Markup);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendTestEmail_ArrivesAtTheRealSmtpServer_PlainOrStartTls(bool startTls)
    {
        await using var smtp = await SmtpServer.StartAsync(startTls);
        var cut = RenderPage();
        await FillAsync(cut, "127.0.0.1", smtp.Port, startTls ? "STARTTLS" : "None");
        if (startTls)
        {
            await cut.ChangeInputAsync("Pinned certificate (SHA-256)", smtp.CertificateThumbprint!);
        }

        await cut.ChangeInputAsync("Send test email to", "operator@contoso.example");
        await cut.ClickButtonAsync("Send test email");

        cut.WaitForAssertion(() => Assert.Contains("Test email sent to operator@contoso.example.", cut.Markup), Timeout);
        var message = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal("[Portal] Test email", message.Subject);
        Assert.Equal("operator@contoso.example", message.To.Mailboxes.Single().Address);
        Assert.Equal("portal@contoso.example", message.From.Mailboxes.Single().Address);
        Assert.Contains($"127.0.0.1:{smtp.Port}", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTestEmail_SaysTheServerRefusedIt_WhenTheMailboxBounces()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var cut = RenderPage();
        await FillAsync(cut, "127.0.0.1", smtp.Port, "None");
        await cut.ChangeInputAsync("Send test email to", "bounce-me@contoso.example");

        await cut.ClickButtonAsync("Send test email");

        cut.WaitForAssertion(() => Assert.Contains("The mail server refused the test email: 550", cut.Markup), Timeout);
        Assert.Empty(smtp.Messages());
    }
}
