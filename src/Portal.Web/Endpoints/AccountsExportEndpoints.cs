using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class AccountsExportEndpoints
{
    /// <summary>
    /// <c>GET /accounts/{jobId}/csv</c>: every account the job keeps in its target, with the values it last sent; 404 for a
    /// job that is not the tenant's. Help desk too: the same values are in the provisioning logs they read.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountsExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/accounts/{jobId:guid}/csv", async (Guid jobId, ProvisionedAccounts accounts, DownloadAudit audit, CancellationToken ct) =>
        {
            if (!await accounts.JobExistsAsync(jobId, ct))
            {
                return Results.NotFound();
            }

            await audit.RecordAsync(AuditActivities.DownloadProvisionedAccounts, jobId, "csv", [], ct);
            return Results.Stream(s => accounts.WriteCsvAsync(jobId, s, ct), "text/csv; charset=utf-8", $"Accounts_{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        }).RequireAuthorization(PortalPolicies.HelpDesk);
        return endpoints;
    }
}
