using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Provisioning.Expressions;

namespace Portal.Cli;

/// <summary>
/// <c>portal expression eval</c> and <c>portal expression eval-batch</c>: evaluate attribute-mapping expressions as the
/// engine does (real clock and randomness). Exit codes: 0 evaluated (also "no value"), 2 invalid expression,
/// 1 unreadable attributes file.
/// </summary>
internal static class ExpressionCommands
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Option<string> ExpressionOption = new("--expression", "-e")
    {
        Description = "The expression, e.g. Join(\"@\", [mailNickname], \"contoso.com\")",
        Required = true,
    };

    private static readonly Option<FileInfo?> AttributesOption = new("--attributes", "-a")
    {
        Description = "JSON file with the object's attributes: {\"name\": \"value\" | [\"v1\", \"v2\"] | null, ...}; "
            + "appRoleAssignments may list {\"id\", \"value\", \"displayName\"} objects",
    };

    private static readonly Option<string?> DefaultDomainOption = new("--default-domain")
    {
        Description = "The tenant's default verified domain, for DefaultDomain()",
    };

    /// <param name="standardInput">Where eval-batch reads JSON Lines; the console's standard input when null.</param>
    public static Command Create(TextReader? standardInput = null)
    {
        var eval = new Command("eval", "Evaluate one expression: a single value prints as text, a multi-valued result as a JSON array, no value prints nothing.");
        eval.Options.Add(ExpressionOption);
        eval.Options.Add(AttributesOption);
        eval.Options.Add(DefaultDomainOption);
        eval.SetAction(result => Evaluate(result));

        var batch = new Command("eval-batch", "Evaluate JSON Lines from stdin ({\"id\", \"expression\", \"attributes\"}), one JSON line out per line in.");
        batch.SetAction((result, ct) => EvaluateBatchAsync(standardInput ?? Console.In, result.InvocationConfiguration.Output, ct));

        var expression = new Command("expression", "Attribute-mapping expressions (Entra ID compatible).");
        expression.Subcommands.Add(eval);
        expression.Subcommands.Add(batch);
        return expression;
    }

    private static int Evaluate(ParseResult result)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        ExpressionInput input;
        try
        {
            input = result.GetValue(AttributesOption) is { } file
                ? CliExpressionInput.Read(File.ReadAllText(file.FullName))
                : ExpressionInput.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            error.WriteLine($"error: cannot read the attributes file: {e.Message}");
            return 1;
        }

        input = input with { DefaultDomain = result.GetValue(DefaultDomainOption) };
        try
        {
            var value = ExpressionCompiler.Default.Evaluate(result.GetValue(ExpressionOption)!, input);
            if (value.Kind == ExpressionValueKind.Single)
            {
                output.WriteLine(value.Text);
            }
            else if (value.Kind == ExpressionValueKind.Multi)
            {
                output.WriteLine(ToJsonArray(value.Values));
            }

            return 0;
        }
        catch (ExpressionException e)
        {
            error.WriteLine($"error: {e.MessageWithPosition}");
            return 2;
        }
    }

    private static async Task<int> EvaluateBatchAsync(TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                await output.WriteLineAsync(EvaluateLine(line, lineNumber));
            }
        }

        await output.FlushAsync(cancellationToken);
        return 0;
    }

    // One bad line answers with an error object and never stops the batch.
    private static string EvaluateLine(string line, int lineNumber)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(line);
                var root = document.RootElement;
                WriteId(writer, root);
                var request = CliExpressionInput.ReadRequest(root);
                WriteValue(writer, ExpressionCompiler.Default.Evaluate(request.Expression, request.Input));
            }
            catch (ExpressionException e)
            {
                writer.WriteString("error", e.MessageWithPosition);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                if (document is null)
                {
                    writer.WriteNull("id");
                }

                writer.WriteString("error", $"line {lineNumber}: {e.Message}");
            }
            finally
            {
                document?.Dispose();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string ToJsonArray(IReadOnlyList<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteId(Utf8JsonWriter writer, JsonElement root)
    {
        writer.WritePropertyName("id");
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id))
        {
            id.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, ExpressionValue value)
    {
        switch (value.Kind)
        {
            case ExpressionValueKind.Single:
                writer.WriteString("value", value.Text);
                break;
            case ExpressionValueKind.Multi:
                writer.WriteStartArray("values");
                foreach (var item in value.Values)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNull("value");
                break;
        }
    }
}

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
