using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>Builds provisioning log entries in the shape of Graph's provisioningObjectSummary (reference §1.16).</summary>
internal static class LogEntries
{
    // Stored as people read it: the CSV export carries the stored text, so "Inés Müller" must not become
    // "In\u00E9s M\u00FCller". Not HTML-safe by design: the portal encodes it where it shows it, exports are downloads.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <remarks>previous: the link as it was before this change (its state and stored values), for an undo to put back.</remarks>
    public static ProvisioningLogEntry From(ObjectResult result, Cycle cycle, DateTimeOffset startedAt, DateTimeOffset now, LinkImage? previous = null)
    {
        var change = result.Change;
        var status = result.Failed ? ProvisioningLogStatus.Failure
            : change.Action == ChangeAction.Skip ? ProvisioningLogStatus.Skipped
            : change.Action == ChangeAction.StagedDelete ? ProvisioningLogStatus.Warning
            : ProvisioningLogStatus.Success;
        return new ProvisioningLogEntry
        {
            TenantId = cycle.TenantId,
            JobId = cycle.JobId,
            CycleId = cycle.Id,
            ActivityDateTime = now,
            DurationInMilliseconds = (int)Math.Clamp((now - startedAt).TotalMilliseconds, 0, int.MaxValue),
            Action = change.LogAction,
            Status = status,
            IdentityType = change.Kind,
            SourceId = change.SourceId,
            SourceDisplayName = change.DisplayName,
            TargetId = result.TargetId,
            TargetDisplayName = change.DisplayName,
            ErrorCode = result.ErrorCode ?? (change.Action == ChangeAction.Skip ? "EntrySynchronizationSkipped" : null),
            ErrorReason = result.ErrorReason ?? (status == ProvisioningLogStatus.Success ? null : change.Reason),
            RecommendedAction = result.RecommendedAction,
            StepsJson = JsonSerializer.Serialize(result.Steps, Readable),
            ModifiedPropertiesJson = change.Modified.Count == 0 ? null : JsonSerializer.Serialize(change.Modified, Readable),
            PreviousState = previous?.State,
            PreviousValuesJson = previous?.ValuesJson,
        };
    }

    /// <summary>Skips worth a log line: failures, scope changes of known objects. "Already in sync" is not logged.</summary>
    public static bool IsWorthLogging(ObjectResult result, Candidate candidate) =>
        result.Failed || result.Change.Action != ChangeAction.Skip
        || (!result.Change.Reason.StartsWith("RedundantExport", StringComparison.Ordinal) && (candidate.Link is { TargetId: not null } || result.Scope is { InScope: true }));
}
