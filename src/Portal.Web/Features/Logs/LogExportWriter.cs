using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>
/// Writes provisioning-log rows as CSV or JSON to a stream as they arrive, flushing as it goes, so an export of any
/// size neither buffers in memory nor stops at a row cap. Timestamps are UTC, as in Entra's download. Each row names its
/// application (by job, from <c>applications</c>) beside the job id, so an export of every application reads on its own.
/// </summary>
public static class LogExportWriter
{
    private static readonly string[] CsvColumns =
    [
        "id", "changeId", "cycleId", "jobId", "application", "activityDateTime", "durationInMilliseconds", "action", "status", "identityType",
        "sourceId", "sourceDisplayName", "targetId", "targetDisplayName", "errorCode", "errorReason", "recommendedAction",
        "provisioningSteps", "modifiedProperties",
    ];

    // Names as people read them ("Müller", not "M\u00FCller"), like the stored steps it embeds; the export is a
    // download, never HTML.
    private static readonly JsonWriterOptions ReadableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteCsvAsync(IAsyncEnumerable<ProvisioningLogEntry> rows, IReadOnlyDictionary<Guid, string> applications, Stream output,
        CancellationToken cancellationToken)
    {
        var csv = new CsvRowBuffer();
        csv.Row(CsvColumns);
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            csv.Field(e.Id);
            csv.Field(e.ChangeId);
            csv.Field(e.CycleId);
            csv.Field(e.JobId);
            csv.Field(applications.GetValueOrDefault(e.JobId));
            csv.Field(e.ActivityDateTime.UtcDateTime, "o");
            csv.Field(e.DurationInMilliseconds);
            csv.Field(e.Action.ToString());
            csv.Field(e.Status.ToString());
            csv.Field(e.IdentityType.ToString());
            csv.Field(e.SourceId);
            csv.Field(e.SourceDisplayName);
            csv.Field(e.TargetId);
            csv.Field(e.TargetDisplayName);
            csv.Field(e.ErrorCode);
            csv.Field(e.ErrorReason);
            csv.Field(e.RecommendedAction);
            csv.Field(e.StepsJson);
            csv.Field(e.ModifiedPropertiesJson);
            csv.EndRow();
            await csv.WriteWhenFullAsync(output, cancellationToken);
        }

        await csv.CompleteAsync(output, cancellationToken);
    }

    public static async Task WriteJsonAsync(IAsyncEnumerable<ProvisioningLogEntry> rows, IReadOnlyDictionary<Guid, string> applications, Stream output,
        CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, ReadableJson);
        json.WriteStartArray();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", e.Id);
            json.WriteString("changeId", e.ChangeId);
            json.WriteString("cycleId", e.CycleId);
            json.WriteString("jobId", e.JobId);
            json.WriteString("application", applications.GetValueOrDefault(e.JobId));
            json.WriteString("activityDateTime", e.ActivityDateTime.UtcDateTime);
            json.WriteNumber("durationInMilliseconds", e.DurationInMilliseconds);
            json.WriteString("provisioningAction", e.Action.ToString());
            json.WriteString("status", e.Status.ToString());
            json.WriteStartObject("sourceIdentity");
            json.WriteString("id", e.SourceId);
            json.WriteString("displayName", e.SourceDisplayName);
            json.WriteString("identityType", e.IdentityType.ToString());
            json.WriteEndObject();
            json.WriteStartObject("targetIdentity");
            json.WriteString("id", e.TargetId);
            json.WriteString("displayName", e.TargetDisplayName);
            json.WriteEndObject();
            json.WriteStartObject("errorInfo");
            json.WriteString("errorCode", e.ErrorCode);
            json.WriteString("reason", e.ErrorReason);
            json.WriteString("recommendedAction", e.RecommendedAction);
            json.WriteEndObject();
            WriteRaw(json, "provisioningSteps", e.StepsJson);
            WriteRaw(json, "modifiedProperties", e.ModifiedPropertiesJson);
            json.WriteEndObject();
            // The CSV export's blocks, for the same reason.
            if (json.BytesPending >= CsvRowBuffer.BlockBytes)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteRaw(Utf8JsonWriter json, string name, string? value)
    {
        json.WritePropertyName(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }
        else
        {
            json.WriteRawValue(value);
        }
    }
}
