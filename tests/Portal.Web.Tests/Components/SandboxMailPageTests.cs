using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using MimeKit;
using Portal.Web.Components.Pages.Sandbox;
using Portal.Web.Features.Sandbox;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Components;

/// <summary>The Sandbox mail page reads what the real mail transport wrote to the pickup folder.</summary>
public sealed class SandboxMailPageTests : UiTestBase
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("portal-mail-").FullName;

    private MailTransport Transport => Context.Services.GetRequiredService<MailTransport>();

    private void AddMailServices()
    {
        Context.Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development, ContentRootPath = _contentRoot });
        Context.Services.Configure<NotificationOptions>(_ => { });
        Context.Services.AddSingleton<MailTransport>();
        Context.Services.AddSingleton<PickupMailbox>();
    }

    private async Task DropAsync(string to, string subject, string text, string html, DateTimeOffset date)
    {
        var message = new MimeMessage { Subject = subject, Date = date };
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        var result = await Transport.SendAsync(message, Ct);
        Assert.Equal(MailOutcome.Sent, result.Outcome);
    }

    [Fact]
    public async Task Render_ListsPickedUpMailNewestFirst_AndShowsOneWithItsHtmlSandboxed()
    {
        AddMailServices();
        await DropAsync("first@contoso.example", "[Portal] Older", "older text", "<p>older</p>", DateTimeOffset.UtcNow.AddMinutes(-5));
        await DropAsync("ops@contoso.example", "[Portal] GoTo Meeting entered quarantine", "Plain body: provisioning is in quarantine.",
            "<h1>Quarantine</h1><script>window.parent.document.title='owned'</script><a href=\"https://evil.example\">x</a>", DateTimeOffset.UtcNow);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_contentRoot, "App_Data", "mail"), "*.eml").Length);

        var cut = Context.Render<SandboxMailPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));
        var rows = cut.FindAll("tbody tr");
        Assert.Contains("[Portal] GoTo Meeting entered quarantine", rows[0].TextContent);
        Assert.Contains("ops@contoso.example", rows[0].TextContent);
        Assert.Contains("[Portal] Older", rows[1].TextContent);

        await cut.InvokeAsync(() => cut.FindAll("tbody tr")[0].Click());

        cut.WaitForAssertion(() => cut.Find("iframe"));
        var frame = cut.Find("iframe");
        Assert.Equal(string.Empty, frame.GetAttribute("sandbox"));
        Assert.Contains("<script>", frame.GetAttribute("srcdoc"));
        Assert.Empty(cut.FindAll("script"));
        Assert.DoesNotContain(cut.FindAll("h1"), h => h.TextContent == "Quarantine");
    }

    [Fact]
    public async Task Open_ShowsTheTextBody_AndRefusesNamesOutsideThePickupFolder()
    {
        AddMailServices();
        await DropAsync("ops@contoso.example", "[Portal] Text", "Line one\nLine two <b>not bold</b>", "<p>html</p>", DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(_contentRoot, "secret.eml"), "Subject: outside\r\n\r\nnot for the page");
        var mailbox = Context.Services.GetRequiredService<PickupMailbox>();

        Assert.Null(await mailbox.OpenAsync("../secret.eml", Ct));
        var cut = Context.Render<SandboxMailPage>();
        // The table's first row may be its loading or empty row; wait for the message's own row.
        cut.WaitForAssertion(() => Assert.Contains("[Portal] Text", Assert.Single(cut.FindAll("tbody tr")).TextContent));
        await cut.InvokeAsync(() => cut.Find("tbody tr").Click());
        cut.WaitForAssertion(() => cut.Find("iframe"));

        // MudTabs renders its headers again once it knows its panels; click the header of the settled render.
        cut.WaitForAssertion(() =>
        {
            cut.FindAll("[role=tab]").Single(b => b.TextContent.Trim() == "Text").Click();
            Assert.Contains("Line two &lt;b&gt;not bold&lt;/b&gt;", cut.Find("[data-testid=mail-text]").InnerHtml);
        });
    }

    [Fact]
    public async Task Render_SaysSo_WhenThePickupFolderIsEmpty()
    {
        AddMailServices();

        var cut = Context.Render<SandboxMailPage>();

        cut.WaitForAssertion(() => Assert.Contains("No emails yet.", cut.Markup));
    }
}
