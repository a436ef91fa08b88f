using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Provisioning.Expressions;

namespace Portal.Cli;

/// <summary>Reads the CLI's JSON attribute objects into an <see cref="ExpressionInput"/>.</summary>
internal static class CliExpressionInput
{
    public static ExpressionInput Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromAttributes(document.RootElement, defaultDomain: null);
    }

    /// <summary>One eval-batch line: <c>{"id", "expression", "attributes", "defaultDomain"?}</c>.</summary>
    public static (string Expression, ExpressionInput Input) ReadRequest(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object with \"id\", \"expression\" and \"attributes\"");
        }

        if (!root.TryGetProperty("expression", out var expression) || expression.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("\"expression\" is missing or not a string");
        }

        var attributes = root.TryGetProperty("attributes", out var a) ? a : default;
        var domain = root.TryGetProperty("defaultDomain", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return (expression.GetString()!, FromAttributes(attributes, domain));
    }

    private static ExpressionInput FromAttributes(JsonElement attributes, string? defaultDomain)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var roles = new List<AssignedAppRole>();
        if (attributes.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new ExpressionInput(values, roles, defaultDomain);
        }

        if (attributes.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("\"attributes\" must be a JSON object of name: value");
        }

        foreach (var property in attributes.EnumerateObject())
        {
            if (property.NameEquals("appRoleAssignments") && property.Value.ValueKind == JsonValueKind.Array)
            {
                roles.AddRange(property.Value.EnumerateArray().Select(ReadRole));
                continue;
            }

            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Array => property.Value.EnumerateArray().Select(Text).ToList(),
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => throw new FormatException($"attribute \"{property.Name}\" must be a string, an array of strings or null"),
            };
        }

        return new ExpressionInput(values, roles, defaultDomain);
    }

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => throw new FormatException("multi-valued attributes hold strings"),
    };

    private static AssignedAppRole ReadRole(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return new AssignedAppRole("", element.GetString(), element.GetString()!);
        }

        var role = element.Deserialize(CliJsonContext.Default.RoleDocument)
            ?? throw new FormatException("appRoleAssignments entries are {\"id\", \"value\", \"displayName\"}");
        return new AssignedAppRole(role.Id ?? "", role.Value, role.DisplayName ?? role.Value ?? "");
    }
}

internal sealed record RoleDocument(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("displayName")] string? DisplayName);

[JsonSerializable(typeof(RoleDocument))]
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
internal sealed partial class CliJsonContext : JsonSerializerContext;
