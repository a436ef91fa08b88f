using System.Linq.Expressions;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>
/// The columns the log grid shows, selected in SQL: a page of 25 rows then reads no step log, modified properties or
/// error texts (the JSON columns are most of a row's bytes). The details drawer reads the whole entry by id when opened.
/// </summary>
public static class LogListColumns
{
    public static readonly Expression<Func<ProvisioningLogEntry, ProvisioningLogEntry>> Select = e => new ProvisioningLogEntry
    {
        Id = e.Id,
        TenantId = e.TenantId,
        JobId = e.JobId,
        CycleId = e.CycleId,
        ActivityDateTime = e.ActivityDateTime,
        DurationInMilliseconds = e.DurationInMilliseconds,
        Action = e.Action,
        Status = e.Status,
        IdentityType = e.IdentityType,
        SourceId = e.SourceId,
        SourceDisplayName = e.SourceDisplayName,
    };
}
