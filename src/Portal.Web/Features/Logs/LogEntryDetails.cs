using System.Text.Json;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Features.Logs;

/// <summary>
/// Reads the steps and modified properties stored as JSON on a log entry. Lenient on names (Graph's <c>displayName</c>
/// or <c>name</c>, <c>status</c> as text or number) so entries written by any engine version still show.
/// </summary>
public static class LogEntryDetails
{
    public static IReadOnlyList<ProvisioningStepView> Steps(string? json) => Parse(json, e => new ProvisioningStepView(
        Text(e, "name") ?? Text(e, "provisioningStepType") ?? "Step",
        Text(e, "status") ?? string.Empty,
        Text(e, "description"),
        Details(e)));

    public static IReadOnlyList<ModifiedPropertyView> ModifiedProperties(string? json) => Parse(json, e => new ModifiedPropertyView(
        Text(e, "displayName") ?? Text(e, "name") ?? string.Empty, Text(e, "oldValue"), Text(e, "newValue")));

    private static List<T> Parse<T>(string? json, Func<JsonElement, T> map)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(map).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static Dictionary<string, string>? Details(JsonElement step) =>
        step.EnumerateObject().FirstOrDefault(p => p.NameEquals("details")).Value is { ValueKind: JsonValueKind.Object } details
            ? details.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : null;

    private static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }
        }

        return null;
    }
}
