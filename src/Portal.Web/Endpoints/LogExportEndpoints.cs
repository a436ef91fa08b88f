using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Logs;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class LogExportEndpoints
{
    private delegate Task LogWriter(IAsyncEnumerable<ProvisioningLogEntry> rows, IReadOnlyDictionary<Guid, string> applications, Stream output,
        CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /logs/export/csv</c> and <c>/logs/export/json</c>: the filtered provisioning log, streamed, every row, each
    /// naming its application; the download is audited with its filter.
    /// </summary>
    public static IEndpointRouteBuilder MapLogExports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/logs/export").RequireAuthorization(PortalPolicies.HelpDesk);
        group.MapGet("/csv", (HttpRequest request, ProvisioningLogQuery logs, ApplicationCatalog catalog, DownloadAudit audit, CancellationToken ct) =>
            ExportAsync(request, logs, catalog, audit, "csv", "text/csv; charset=utf-8", LogExportWriter.WriteCsvAsync, ct));
        group.MapGet("/json", ExportJsonAsync);
        return endpoints;
    }

    /// <summary>The filtered log as JSON, streamed and audited: the export's, and the API's <c>GET /api/v1/logs</c>.</summary>
    internal static Task<IResult> ExportJsonAsync(HttpRequest request, ProvisioningLogQuery logs, ApplicationCatalog catalog, DownloadAudit audit,
        CancellationToken ct) =>
        ExportAsync(request, logs, catalog, audit, "json", "application/json", LogExportWriter.WriteJsonAsync, ct);

    private static async Task<IResult> ExportAsync(HttpRequest request, ProvisioningLogQuery logs, ApplicationCatalog catalog, DownloadAudit audit,
        string format, string contentType, LogWriter write, CancellationToken ct)
    {
        var filter = LogFilter.FromQuery(name => request.Query[name].FirstOrDefault());
        await audit.RecordAsync(AuditActivities.DownloadProvisioningLogs, filter.JobId, format, filter.ToQuery().Where(f => f.Key != "jobId"), ct);
        var applications = await catalog.NamesByJobAsync(ct);
        return TypedResults.Stream(s => write(logs.StreamAsync(filter, ct), applications, s, ct), contentType,
            $"ProvisioningLogs_{DateTime.UtcNow:yyyyMMdd-HHmmss}.{format}");
    }
}
