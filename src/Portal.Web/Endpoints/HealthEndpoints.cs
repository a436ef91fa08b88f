namespace Portal.Web.Endpoints;

internal static class HealthEndpoints
{
    /// <summary><c>GET /healthz</c> for load balancers: 200 when the database and the Hangfire storage answer.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz").AllowAnonymous();
        return endpoints;
    }
}
