using Portal.Data.Entities;

namespace Portal.Web.Features.Applications;

/// <summary>
/// One row of the tenant's applications: what the admin sees before opening the app. <c>NextCycleAt</c> is read from
/// the schedule for the list only; one app's summary, which its page re-reads every few seconds for the header, leaves
/// it null (the Overview tab shows the next cycle with the job's progress).
/// </summary>
public sealed record ApplicationSummary(
    Guid Id,
    string DisplayName,
    string TemplateId,
    Guid JobId,
    ProvisioningMode Mode,
    ProvisioningStatus Status,
    JobStatusCode StatusCode,
    QuarantineReason QuarantineReason,
    DateTimeOffset? LastCycleEndedAt,
    DateTimeOffset? NextCycleAt)
{
    /// <summary>The one word the dashboard shows: Quarantined, Running, On, Off.</summary>
    public string StatusText => StatusCode == JobStatusCode.Quarantine || QuarantineReason != QuarantineReason.None
        ? "Quarantined"
        : Status == ProvisioningStatus.On ? "On" : "Off";
}
