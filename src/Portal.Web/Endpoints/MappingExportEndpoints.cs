using Portal.Web.Audit;
using Portal.Web.Features.Mappings;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class MappingExportEndpoints
{
    /// <summary>
    /// <c>GET /mappings/{jobId}/json</c>: the job's mappings as a job file's <c>mappings</c> object, to import into another
    /// application or to run with <c>portal sync run</c>; 404 for a job that is not the tenant's. Help desk may download
    /// them too: the file holds no secret, and it is what they read on the Mappings tab.
    /// </summary>
    public static IEndpointRouteBuilder MapMappingExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/mappings/{jobId:guid}/json", async (Guid jobId, MappingService mappings, DownloadAudit audit, CancellationToken ct) =>
        {
            if (await mappings.ExportAsync(jobId, ct) is not { } json)
            {
                return Results.NotFound();
            }

            await audit.RecordAsync(AuditActivities.DownloadMappings, jobId, "json", [], ct);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"Mappings_{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        }).RequireAuthorization(PortalPolicies.HelpDesk);
        return endpoints;
    }
}
