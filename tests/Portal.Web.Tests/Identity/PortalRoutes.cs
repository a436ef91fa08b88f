using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// One page or endpoint of the running host: its pattern, the portal policy it names, and its methods;
/// <paramref name="ApiKeyOnly"/>: authenticated by an API key alone (the API), never by the session cookie.
/// </summary>
internal sealed record PortalRoute(string Pattern, string? Policy, bool Anonymous, IReadOnlySet<string> Methods, bool ApiKeyOnly = false)
{
    public bool HasParameters => Pattern.Contains('{', StringComparison.Ordinal);
}

/// <summary>The host's route table as the authorization and isolation tests walk it: a new page is in it automatically.</summary>
internal static partial class PortalRoutes
{
    private static readonly string[] Policies = [PortalPolicies.Operator, PortalPolicies.TenantAdmin, PortalPolicies.HelpDesk];

    public static List<PortalRoute> Of(PortalApplication app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsFrameworkOrAsset(e))
            .Select(e =>
            {
                var pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
                var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
                var policies = authorize.Select(a => a.Policy).OfType<string>().ToList();
                var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToHashSet() ?? ["GET"];
                var apiKeyOnly = authorize.Any(a => a.AuthenticationSchemes == "ApiKey");
                return new PortalRoute(pattern.TrimEnd('/') is { Length: > 0 } p ? p : "/", policies.FirstOrDefault(Policies.Contains), anonymous, methods, apiKeyOnly);
            })
            .ToList();

    /// <summary>The pattern with every route parameter replaced by <paramref name="value"/>.</summary>
    public static string Fill(string pattern, string value) => RouteParameter().Replace(pattern, value);

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
