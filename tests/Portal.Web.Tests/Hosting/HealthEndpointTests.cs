using System.Net;

namespace Portal.Web.Tests.Hosting;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_Returns200_WhenDatabaseAndHangfireStorageAnswer()
    {
        await using var app = new PortalApplication();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Home_ServesTheShellAndItsStyles_FromTheRepositoryWebRoot()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        using var client = await app.CreateClientAsync(tenant.Id, Portal.Web.Identity.PortalRoles.HelpDesk);
        var ct = TestContext.Current.CancellationToken;

        var home = await client.GetStringAsync("/", ct);
        Assert.Contains("<title>Overview · Portal</title>", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css", ct)).StatusCode);
    }
}
