using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>
/// Writes provisioning-log rows as CSV or JSON to a stream as they arrive, flushing as it goes, so an export of any
/// size neither buffers in memory nor stops at a row cap. Timestamps are UTC, as in Entra's download.
/// </summary>
public static class LogExportWriter
{
    private static readonly string[] CsvColumns =
    [
        "id", "changeId", "cycleId", "jobId", "activityDateTime", "durationInMilliseconds", "action", "status", "identityType",
        "sourceId", "sourceDisplayName", "targetId", "targetDisplayName", "errorCode", "errorReason", "recommendedAction",
        "provisioningSteps", "modifiedProperties",
    ];

    public static async Task WriteCsvAsync(IAsyncEnumerable<ProvisioningLogEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', CsvColumns));
        var count = 0;
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            string?[] fields =
            [
                e.Id.ToString(CultureInfo.InvariantCulture), e.ChangeId.ToString(), e.CycleId.ToString(), e.JobId.ToString(),
                e.ActivityDateTime.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
                e.DurationInMilliseconds.ToString(CultureInfo.InvariantCulture), e.Action.ToString(), e.Status.ToString(),
                e.IdentityType.ToString(), e.SourceId, e.SourceDisplayName, e.TargetId, e.TargetDisplayName, e.ErrorCode,
                e.ErrorReason, e.RecommendedAction, e.StepsJson, e.ModifiedPropertiesJson,
            ];
            await writer.WriteLineAsync(string.Join(',', fields.Select(Csv)));
            if (++count % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static async Task WriteJsonAsync(IAsyncEnumerable<ProvisioningLogEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        var count = 0;
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", e.Id);
            json.WriteString("changeId", e.ChangeId);
            json.WriteString("cycleId", e.CycleId);
            json.WriteString("jobId", e.JobId);
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
            if (++count % 1000 == 0)
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

    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A leading = + - @ would run as a formula when the file is opened in a spreadsheet.
        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
