using System.Net;
using Portal.Web.Endpoints;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features.Sandbox;

/// <summary>The sandbox pages belong to the embedded default: without the sandbox their addresses answer nothing.</summary>
public sealed class SandboxPageRouteTests
{
    public static TheoryData<string> SandboxPages => ["/sandbox-directory", "/sandbox-mail"];

    [Theory]
    [MemberData(nameof(SandboxPages))]
    public async Task SandboxPage_AnswersNotFound_WhenTheSandboxIsOff(string path)
    {
        await using var app = new PortalApplication();
        app.Settings[SandboxEndpoints.EnabledKey] = "false";
        var tenant = await app.AddTenantAsync("Contoso");
        using var client = await app.CreateClientAsync(tenant.Id, PortalRoles.Operator);

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Sandbox", home, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SandboxPages))]
    public async Task SandboxPage_Renders_WhenTheSandboxIsOn(string path)
    {
        await using var app = new PortalApplication();
        app.Settings[SandboxEndpoints.EnabledKey] = "true";
        var tenant = await app.AddTenantAsync("Contoso");
        using var client = await app.CreateClientAsync(tenant.Id, PortalRoles.TenantAdmin);

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("href=\"" + path.TrimStart('/') + "\"", home, StringComparison.Ordinal);
    }
}
