using Portal.Web.Features.Logs;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class LogExportEndpoints
{
    /// <summary><c>GET /logs/export/csv</c> and <c>/logs/export/json</c>: the filtered provisioning log, streamed, every row.</summary>
    public static IEndpointRouteBuilder MapLogExports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/logs/export").RequireAuthorization(PortalPolicies.HelpDesk);
        group.MapGet("/csv", (HttpRequest request, ProvisioningLogQuery logs, CancellationToken ct) =>
            TypedResults.Stream(s => LogExportWriter.WriteCsvAsync(logs.StreamAsync(Filter(request), ct), s, ct),
                "text/csv; charset=utf-8", FileName("csv")));
        group.MapGet("/json", (HttpRequest request, ProvisioningLogQuery logs, CancellationToken ct) =>
            TypedResults.Stream(s => LogExportWriter.WriteJsonAsync(logs.StreamAsync(Filter(request), ct), s, ct),
                "application/json", FileName("json")));
        return endpoints;
    }

    private static LogFilter Filter(HttpRequest request) => LogFilter.FromQuery(name => request.Query[name].FirstOrDefault());

    private static string FileName(string extension) =>
        $"ProvisioningLogs_{DateTime.UtcNow:yyyyMMdd-HHmmss}.{extension}";
}
