using Hangfire;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class HangfireDashboardEndpoints
{
    /// <summary>
    /// The Hangfire dashboard at <c>/hangfire</c>, for operators only. Hangfire's own filter (local requests) is
    /// replaced by the portal's policy, which the endpoint enforces on the server.
    /// </summary>
    public static IEndpointRouteBuilder MapHangfireDashboardForOperators(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DisplayStorageConnectionString = false })
            .RequireAuthorization(PortalPolicies.Operator);
        return endpoints;
    }
}
