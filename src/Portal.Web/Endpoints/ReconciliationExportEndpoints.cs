using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class ReconciliationExportEndpoints
{
    /// <summary>
    /// <c>GET /reconciliation/{jobId}/csv</c>: the target compared with the job's links, every difference (the tab lists the
    /// first 500 of each kind). Counted against the comparison's rate limit; a refusal is answered 400 with its reason.
    /// </summary>
    public static IEndpointRouteBuilder MapReconciliationExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reconciliation/{jobId:guid}/csv", async (Guid jobId, IProvisioningActions actions, DownloadAudit audit, CancellationToken ct) =>
        {
            var outcome = await actions.ReconcileAsync(jobId, everything: true, ct);
            if (outcome.Report is not { } report)
            {
                return Results.Text(outcome.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            await audit.RecordAsync(AuditActivities.DownloadReconciliation, jobId, "csv", [], ct);
            return Results.Stream(s => ReconciliationCsv.WriteAsync(report, s, ct), "text/csv; charset=utf-8", $"Reconciliation_{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        }).RequireAuthorization(PortalPolicies.HelpDesk);
        return endpoints;
    }
}
