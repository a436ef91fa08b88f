using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// Every page and endpoint of the route table, for every role: a page or endpoint without a policy (or an explicit
/// AllowAnonymous) fails here, and each role gets in exactly where its policy lets it.
/// </summary>
public sealed partial class RouteAuthorizationTests
{
    private static readonly string[] Policies = [PortalPolicies.Operator, PortalPolicies.TenantAdmin, PortalPolicies.HelpDesk];

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
        var routes = RouteTable(app);
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
        foreach (var route in routes.Where(r => r.Methods.Contains("GET")))
        {
            var url = RouteParameter().Replace(route.Pattern, Guid.NewGuid().ToString());
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

    private sealed record Route(string Pattern, string? Policy, bool Anonymous, IReadOnlySet<string> Methods);

    private static List<Route> RouteTable(PortalApplication app)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Where(e => !IsFrameworkOrAsset(e))
            .Select(e =>
            {
                var pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
                var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
                var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToHashSet() ?? ["GET"];
                return new Route(pattern.TrimEnd('/') is { Length: > 0 } p ? p : "/", policies.FirstOrDefault(Policies.Contains), anonymous, methods);
            })
            .ToList();
    }

    // Blazor's own plumbing and static files are not pages; they carry no tenant data. The embedded sandbox stands for
    // the outside world (Graph, SCIM targets) and answers with its own authentication, not the portal's.
    private static bool IsFrameworkOrAsset(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText ?? "";
        if (raw.TrimStart('/').StartsWith("sandbox/", StringComparison.Ordinal))
        {
            return true;
        }

        return endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is null
            && (raw.StartsWith("_", StringComparison.Ordinal) || raw.StartsWith("/_", StringComparison.Ordinal)
                || Path.HasExtension(raw) || raw.Contains("{**", StringComparison.Ordinal) && !raw.Contains("api", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
