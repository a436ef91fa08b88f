using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// Two tenants with data: tenant A's admin and help desk cannot read, list, export or change anything of tenant B
/// through any page or endpoint of the route table, even with B's real ids in the route or the query string.
/// </summary>
public sealed class TenantIsolationTests
{
    // Query-string names the pages and exports read ids from; every one of them gets a real id of tenant B.
    private static readonly string[] IdQueryNames = ["jobId", "cycleId", "applicationId", "id", "userId", "tenantId", "logId", "notificationId"];

    [Theory]
    [InlineData(PortalRoles.TenantAdmin)]
    [InlineData(PortalRoles.HelpDesk)]
    public async Task EveryRoute_ShowsNothingOfTenantB_WhenTenantAUserGuessesBsIds(string role)
    {
        await using var app = new PortalApplication();
        var a = await TenantData.SeedAsync(app, "Alpha");
        var b = await TenantData.SeedAsync(app, "Bravo");
        var before = await b.SnapshotAsync(app);
        using var client = await app.CreateClientAsync(a.Tenant.Id, role);
        var ct = TestContext.Current.CancellationToken;
        var routes = PortalRoutes.Of(app).Where(r => !r.Anonymous).ToList();

        // The pages do show tenant A's own data, so an empty page cannot pass for isolation.
        Assert.Contains("Alpha Payroll", await client.GetStringAsync($"/applications/{a.ApplicationId}", ct), StringComparison.Ordinal);
        var export = await client.GetStringAsync($"/logs/export/csv?jobId={a.JobId}", ct);
        Assert.Contains("Alpha Person Two", export, StringComparison.Ordinal);
        Assert.Contains("Alpha Payroll", export, StringComparison.Ordinal);

        // The API is reached with a key of tenant A (one that may start cycles), never with the session.
        var (api, _) = await app.CreateApiClientAsync(a.Tenant.Id);
        var requests = 0;
        foreach (var route in routes.Where(r => r.Methods.Contains("GET")))
        {
            foreach (var url in UrlsFor(route, b))
            {
                var response = await (route.ApiKeyOnly ? api : client).GetAsync(url, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var because = $"{role} GET {url}: {(int)response.StatusCode}";
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Forbidden
                    or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, because);
                Assert.False(body.Contains(b.Marker, StringComparison.OrdinalIgnoreCase), because + " shows tenant B's data");
                requests++;
            }
        }

        // Writes: every non-GET endpoint posted with B's ids in each form field it could read.
        foreach (var route in routes.Where(r => !r.Methods.Contains("GET")))
        {
            foreach (var url in UrlsFor(route, b))
            {
                var form = IdQueryNames.Select(n => new KeyValuePair<string, string>(n, b.JobId.ToString())).Append(new("tenantId", b.Tenant.Id.ToString()));
                var response = await (route.ApiKeyOnly ? api : client).PostAsync(url, new FormUrlEncodedContent(form), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
                Assert.False(body.Contains(b.Marker, StringComparison.OrdinalIgnoreCase), $"{role} POST {url} shows tenant B's data");
                requests++;
            }
        }

        Assert.True(requests > 2 * routes.Count, $"only {requests} requests were made");
        Assert.Equal(before, await b.SnapshotAsync(app));
    }

    [Fact]
    public async Task SwitchTenant_IsForbidden_ForTenantAdmin()
    {
        await using var app = new PortalApplication();
        var (a, b) = (await app.AddTenantAsync("Alpha"), await app.AddTenantAsync("Bravo"));
        using var client = await app.CreateClientAsync(a.Id, PortalRoles.TenantAdmin);

        var response = await client.PostAsync("/account/tenant", new FormUrlEncodedContent([new("tenantId", b.Id.ToString())]), TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Location?.OriginalString == "/");
    }

    /// <summary>
    /// The route with each of B's ids in its parameters (a new route with an id parameter is covered without change
    /// here), and with B's ids in every id-bearing query-string name.
    /// </summary>
    private static IEnumerable<string> UrlsFor(PortalRoute route, TenantData b)
    {
        var paths = route.HasParameters ? b.Ids.Select(id => PortalRoutes.Fill(route.Pattern, id)).ToList() : [route.Pattern];
        foreach (var path in paths)
        {
            yield return path;
        }

        var query = IdQueryNames.Select(n => new KeyValuePair<string, string?>(n, n switch
        {
            "cycleId" => b.CycleId.ToString(),
            "applicationId" => b.ApplicationId.ToString(),
            "userId" => b.HelperUserId.ToString(),
            "tenantId" => b.Tenant.Id.ToString(),
            "logId" => b.FailureLogId.ToString(),
            "notificationId" => b.NotificationId.ToString(),
            _ => b.JobId.ToString(),
        })).Append(new("identity", b.FailureSourceId));
        yield return QueryHelpers.AddQueryString(paths[0], query);
    }
}
