using System.Globalization;
using System.Text;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Endpoints;

internal static class AuditEndpoints
{
    /// <summary><c>GET /api/audit/export</c>: the current tenant's audit entries as CSV, with the page's filters.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/audit").RequireAuthorization(PortalPolicies.TenantAdmin)
            .MapGet("/export", ExportAsync);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, string? actor, string? activity,
        AuditQuery query, DownloadAudit audit, CancellationToken ct)
    {
        await audit.RecordAsync(AuditActivities.DownloadAuditLog, null, "csv",
            [new("from", from?.ToString("O", CultureInfo.InvariantCulture)), new("to", to?.ToString("O", CultureInfo.InvariantCulture)),
             new("actor", actor), new("activity", activity)], ct);
        var page = await query.ReadAsync(new AuditFilter(from, to, actor, activity), 0, AuditQuery.MaxPageSize, ct);
        var csv = new StringBuilder("occurredAt,actorId,actorName,activity,targetType,targetId,targetName,changes\n");
        foreach (var e in page.Items)
        {
            csv.AppendJoin(',', [e.OccurredAt.ToString("O", CultureInfo.InvariantCulture), Quote(e.ActorId), Quote(e.ActorName),
                Quote(e.Activity), Quote(e.TargetType), Quote(e.TargetId), Quote(page.TargetNames.GetValueOrDefault(e.Id)), Quote(e.ChangesJson)]).Append('\n');
        }

        return TypedResults.Text(csv.ToString(), "text/csv", Encoding.UTF8);
    }

    private static string Quote(string? value) => value is null ? "" : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
