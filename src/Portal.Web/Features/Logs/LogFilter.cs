using System.Globalization;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>The provisioning-log filters (date range, action, status, identity, cycle, application), as typed in the UI or a query string.</summary>
public sealed record LogFilter
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public ProvisioningAction? Action { get; init; }
    public ProvisioningLogStatus? Status { get; init; }

    /// <summary>A source or target display name containing it (ignoring case), or a source or target id equal to it.</summary>
    public string? Identity { get; init; }

    public Guid? CycleId { get; init; }
    public Guid? JobId { get; init; }

    /// <summary>The filter as query-string pairs, for the export links (same filter, every row).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        if (From is { } from) { yield return new("from", from.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)); }
        if (To is { } to) { yield return new("to", to.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)); }
        if (Action is { } action) { yield return new("action", action.ToString()); }
        if (Status is { } status) { yield return new("status", status.ToString()); }
        if (!string.IsNullOrWhiteSpace(Identity)) { yield return new("identity", Identity); }
        if (CycleId is { } cycle) { yield return new("cycleId", cycle.ToString()); }
        if (JobId is { } job) { yield return new("jobId", job.ToString()); }
    }

    public static LogFilter FromQuery(Func<string, string?> get) => new()
    {
        From = DateTimeOffset.TryParse(get("from"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var f) ? f : null,
        To = DateTimeOffset.TryParse(get("to"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null,
        Action = Enum.TryParse<ProvisioningAction>(get("action"), true, out var a) ? a : null,
        Status = Enum.TryParse<ProvisioningLogStatus>(get("status"), true, out var s) ? s : null,
        Identity = get("identity") is { Length: > 0 } i ? i : null,
        CycleId = Guid.TryParse(get("cycleId"), out var c) ? c : null,
        JobId = Guid.TryParse(get("jobId"), out var j) ? j : null,
    };
}
