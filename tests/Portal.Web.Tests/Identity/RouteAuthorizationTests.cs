using System.Net;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// Every page and endpoint of the route table, for every role: a page or endpoint without a policy (or an explicit
/// AllowAnonymous) fails here, and each role gets in exactly where its policy lets it.
/// </summary>
public sealed class RouteAuthorizationTests
{
    // Which roles each policy admits: the product's rule, written out independently of the policy code.
    private static readonly Dictionary<string, string[]> Admits = new()
    {
        [PortalPolicies.Operator] = [PortalRoles.Operator],
        [PortalPolicies.TenantAdmin] = [PortalRoles.Operator, PortalRoles.TenantAdmin],
        [PortalPolicies.HelpDesk] = [PortalRoles.Operator, PortalRoles.TenantAdmin, PortalRoles.HelpDesk],
    };

    // Pages whose policy is part of the product's promise; the table below must agree.
    private static readonly Dictionary<string, string> Known = new()
    {
        ["/tenants"] = PortalPolicies.Operator,
        ["/audit"] = PortalPolicies.TenantAdmin,
        ["/role-assignments"] = PortalPolicies.TenantAdmin,
        ["/api/audit/export"] = PortalPolicies.TenantAdmin,
        ["/account/tenant"] = PortalPolicies.Operator,
        ["/sandbox-directory"] = PortalPolicies.TenantAdmin,
        ["/sandbox-mail"] = PortalPolicies.TenantAdmin,
        ["/settings/mail"] = PortalPolicies.Operator,
    };

    [Fact]
    public async Task EveryRoute_NamesAPortalPolicyOrAllowsAnonymous_AndAdmitsExactlyItsRoles()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        var routes = PortalRoutes.Of(app);
        Assert.Contains(routes, r => r.Pattern == "/tenants");

        var missing = routes.Where(r => r.Policy is null && !r.Anonymous).Select(r => r.Pattern).ToList();
        Assert.True(missing.Count == 0, "Routes without a portal policy or AllowAnonymous: " + string.Join(", ", missing));
        foreach (var (pattern, policy) in Known)
        {
            Assert.Equal(policy, routes.First(r => r.Pattern == pattern).Policy);
        }

        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = app.CreateAnonymousClient() };
        foreach (var role in PortalRoles.All)
        {
            clients[role] = await app.CreateClientAsync(tenant.Id, role);
        }

        var ct = TestContext.Current.CancellationToken;
        var (apiClient, _) = await app.CreateApiClientAsync(tenant.Id, Portal.Data.Entities.ApiAccess.Read);
        foreach (var route in routes.Where(r => r.Methods.Contains("GET") && r.ApiKeyOnly))
        {
            // The API answers its key, and no session: a signed-in admin's cookie cannot be made to call it.
            var url = PortalRoutes.Fill(route.Pattern, Guid.NewGuid().ToString());
            foreach (var (who, client) in clients)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url, ct)).StatusCode);
            }

            Assert.True((await apiClient.GetAsync(url, ct)).StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"API key GET {url}");
        }

        Assert.Contains(routes, r => r.ApiKeyOnly);
        foreach (var route in routes.Where(r => r.Methods.Contains("GET") && !r.ApiKeyOnly))
        {
            var url = PortalRoutes.Fill(route.Pattern, Guid.NewGuid().ToString());
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd("text/html");
                var response = await client.SendAsync(request, ct);
                var location = response.Headers.Location?.OriginalString ?? "";
                var refusedToAnonymous = response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/signin", StringComparison.Ordinal);
                var refusedToRole = response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/access-denied", StringComparison.Ordinal);
                var admitted = route.Anonymous || (who != "anonymous" && Admits[route.Policy!].Contains(who));
                var because = $"{who} GET {url} ({route.Policy ?? "anonymous"}): {(int)response.StatusCode} {location}";
                if (admitted)
                {
                    Assert.False(refusedToAnonymous || refusedToRole || response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                        or HttpStatusCode.InternalServerError, because);
                }
                else
                {
                    Assert.True(who == "anonymous" ? refusedToAnonymous : refusedToRole, because);
                }
            }
        }
    }
}
