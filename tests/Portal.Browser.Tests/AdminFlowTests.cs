using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data.Entities;
using Portal.Browser.Tests.Pages;
using Portal.Sandbox.Graph;

namespace Portal.Browser.Tests;

/// <summary>The seed flow as a tenant admin walks it: add GoTo Meeting, Provisioning settings with validation, Mappings.</summary>
public sealed class AdminFlowTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task AdminFlow_AddsGoToMeetingAndSavesValidatedSettings_WhenSignedInAsTenantAdmin()
    {
        await new DevSignIn(Page, Address).AsAsync("Adele Admin", "Portal.TenantAdmin");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "01-overview");

        var applications = new ApplicationsPageObject(Page, Address);
        await applications.OpenAsync();
        await Screenshots.SaveAsync(Page, "02-applications-gallery");
        await applications.AddAsync("GoTo Meeting", "GoTo Meeting");

        var app = new ApplicationPageObject(Page);
        string[] tabs = ["Overview", "Users and groups", "Provisioning", "Mappings", "Provision on demand", "Dry run", "Reconciliation", "Provisioning logs"];
        Assert.Equal(tabs, (await Page.GetByRole(AriaRole.Tab).AllTextContentsAsync()).Select(t => t.Trim()).ToArray());
        await Screenshots.SaveAsync(Page, "03-app-overview");

        await app.OpenTabAsync("Users and groups");
        await Assertions.Expect(Page.GetByText("the \"Default Access\" role does not provision")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "04-users-and-groups");

        await app.OpenTabAsync("Provisioning");
        await Blazor.PickAsync(Page, "Provisioning Mode", "Automatic");
        await app.Field("Tenant URL").FillAsync(string.Empty);
        await app.Field("Admin User Name").FillAsync("teamadmin@contoso.example");
        await app.SaveAsync();
        await Assertions.Expect(Page.GetByText("Tenant URL is required for automatic provisioning.")).ToBeVisibleAsync();
        await Assertions.Expect(app.Field("Admin User Name")).ToHaveValueAsync("teamadmin@contoso.example");
        await Screenshots.SaveAsync(Page, "05-provisioning-validation");

        await app.Field("Tenant URL").FillAsync("http://127.0.0.1:1/scim/v2");
        await app.Field("Admin Password").FillAsync("s3cret-admin-password");
        await app.Field("Notification Email").FillAsync("ops@contoso.example");
        await app.SaveAsync();
        await Assertions.Expect(Page.GetByText("Provisioning settings saved.")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("Set — type a new value to replace it")).ToBeVisibleAsync();
        Assert.DoesNotContain("s3cret-admin-password", await Page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(Page, "06-provisioning-saved");

        await app.OpenTabAsync("Mappings");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision Microsoft Entra ID Users" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Attribute Mappings" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "userPrincipalName", Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "07-mappings");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit userName" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();

        // The source field suggests Graph's names; a misspelt one is refused with the one meant, and stays as typed.
        var source = Page.GetByLabel("Source attribute");
        var list = await source.GetAttributeAsync("list");
        Assert.Equal(1, await Page.Locator($"datalist#{list} option[value='employeeId']").CountAsync());
        await source.FillAsync("userPrincipalNam");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ok" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("'userPrincipalNam' is not an attribute of directory users; did you mean 'userPrincipalName'?")).ToBeVisibleAsync();
        await Assertions.Expect(source).ToHaveValueAsync("userPrincipalNam");
        await Screenshots.SaveAsync(Page, "08-mapping-editor");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // A membership clause's group is found by its name in the directory; the clause keeps the group's object id.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add scoping filter" }).ClickAsync();
        await Blazor.PickAsync(Page, "Clause 1 operator", "IS MEMBER OF");
        await Page.GetByLabel("Clause 1 group", new() { Exact = true }).FillAsync("sal");
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Sales" }).ClickAsync();
        // The pick reaches the server before Save does: on a busy machine a click on Save could overtake it.
        await Assertions.Expect(Page.GetByLabel("Clause 1 group", new() { Exact = true })).ToHaveValueAsync(new Regex("^Sales"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Mappings saved.")).ToBeVisibleAsync();
        var sales = Host.Services.GetRequiredService<SandboxGraphEmulator>().Directory.Groups().Single(g => g.DisplayName == "Sales").Id;
        await using (var db = Host.CreateContext())
        {
            var clause = db.AcrossAllTenants<ScopingFilter>().AsEnumerable().Single().Clauses.Single();
            Assert.Equal(("IS MEMBER OF", sales), (clause.Operator, clause.Value));
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision Microsoft Entra ID Users" }).ClickAsync();
        var group = Page.GetByLabel("Clause 1 group", new() { Exact = true });
        await Assertions.Expect(group).ToHaveValueAsync("Sales");
        await group.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(Page, "09-membership-clause");

        // The mappings download as a job file's "mappings"; a file that would fail is refused saying why, a good one imported.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Back to mappings" }).ClickAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Download mappings" }).ClickAsync());
        var file = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken))!;
        Assert.Equal("IS MEMBER OF", file["users"]!["filters"]![0]!["clauses"]![0]!["operator"]!.GetValue<string>());
        var upload = Page.Locator("input[type=file]").First;
        file["users"]!["attributes"]!.AsArray().Add(new JsonObject { ["target"] = "title", ["source"] = "jobTitel" });
        await upload.SetInputFilesAsync(new FilePayload { Name = "mappings.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(file.ToJsonString()) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByText("'jobTitel' is not an attribute of directory users; did you mean 'jobTitle'?")).ToBeVisibleAsync();
        file["users"]!["attributes"]!.AsArray().Last()!["source"] = "jobTitle";
        await upload.SetInputFilesAsync(new FilePayload { Name = "mappings.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(file.ToJsonString()) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Mappings imported.")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "10-mappings-imported");
        await using (var db = Host.CreateContext())
        {
            Assert.Contains(db.AcrossAllTenants<AttributeMapping>().AsEnumerable(), a => a is { TargetAttribute: "title", Source: "jobTitle" });
        }
    }
}
