using System.Net;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Jobs;

public sealed class HangfireDashboardTests
{
    [Theory]
    [InlineData(PortalRoles.Operator, true)]
    [InlineData(PortalRoles.TenantAdmin, false)]
    [InlineData(PortalRoles.HelpDesk, false)]
    public async Task Dashboard_IsServedOnlyToOperators(string role, bool allowed)
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        using var client = await app.CreateClientAsync(tenant.Id, role);

        using var response = await client.GetAsync("/hangfire", TestContext.Current.CancellationToken);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Hangfire Dashboard", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{role} got {(int)response.StatusCode}.");
            Assert.DoesNotContain("/hangfire", response.Headers.Location?.ToString() is { } l && !l.Contains("access", StringComparison.OrdinalIgnoreCase) ? l : "", StringComparison.Ordinal);
        }
    }
}
