using Portal.Web.Audit;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Logs;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class LogExportEndpoints
{
    /// <summary><c>GET /logs/export/csv</c> and <c>/logs/export/json</c>: the filtered provisioning log, streamed, every row.</summary>
    public static IEndpointRouteBuilder MapLogExports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/logs/export").RequireAuthorization(PortalPolicies.HelpDesk);
        group.MapGet("/csv", async (HttpRequest request, ProvisioningLogQuery logs, ApplicationCatalog catalog, DownloadAudit audit, CancellationToken ct) =>
        {
            var filter = await AuditedFilterAsync(request, audit, "csv", ct);
            var applications = await catalog.NamesByJobAsync(ct);
            return TypedResults.Stream(s => LogExportWriter.WriteCsvAsync(logs.StreamAsync(filter, ct), applications, s, ct),
                "text/csv; charset=utf-8", FileName("csv"));
        });
        group.MapGet("/json", async (HttpRequest request, ProvisioningLogQuery logs, ApplicationCatalog catalog, DownloadAudit audit, CancellationToken ct) =>
        {
            var filter = await AuditedFilterAsync(request, audit, "json", ct);
            var applications = await catalog.NamesByJobAsync(ct);
            return TypedResults.Stream(s => LogExportWriter.WriteJsonAsync(logs.StreamAsync(filter, ct), applications, s, ct),
                "application/json", FileName("json"));
        });
        return endpoints;
    }

    private static async Task<LogFilter> AuditedFilterAsync(HttpRequest request, DownloadAudit audit, string format, CancellationToken ct)
    {
        var filter = LogFilter.FromQuery(name => request.Query[name].FirstOrDefault());
        await audit.RecordAsync(AuditActivities.DownloadProvisioningLogs, filter.JobId, format,
            filter.ToQuery().Where(f => f.Key != "jobId"), ct);
        return filter;
    }

    private static string FileName(string extension) =>
        $"ProvisioningLogs_{DateTime.UtcNow:yyyyMMdd-HHmmss}.{extension}";
}
