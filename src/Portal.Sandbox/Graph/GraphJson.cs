using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Portal.Sandbox.Graph;

/// <summary>What <c>$select</c> asked for; null <see cref="Properties"/> means the endpoint's default set.</summary>
internal sealed record GraphSelection(IReadOnlyList<string>? Properties, bool Manager, bool Members)
{
    private static readonly string[] DefaultUserProperties =
        ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"];

    public static GraphSelection Parse(string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return new GraphSelection(null, false, false);
        }

        var names = select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Has(string n) => names.Contains(n, StringComparer.OrdinalIgnoreCase);
        var plain = names.Where(n => !n.Equals("id", StringComparison.OrdinalIgnoreCase)
            && !n.Equals("manager", StringComparison.OrdinalIgnoreCase) && !n.Equals("members", StringComparison.OrdinalIgnoreCase)).ToList();
        return new GraphSelection(plain, Has("manager"), Has("members"));
    }

    public IEnumerable<string> For(GraphObjectView view) =>
        Properties ?? (view.ODataType == GraphODataTypes.User ? DefaultUserProperties : view.Properties.Keys);
}

/// <summary>Writes Graph-shaped JSON (exact camelCase names; <c>@odata.type</c> on polymorphic collections).</summary>
internal static class GraphJson
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(string code, string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("code", code);
        w.WriteString("message", message);
        w.WriteStartObject("innerError");
        w.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteString("request-id", Guid.NewGuid().ToString());
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static void Object(Utf8JsonWriter w, GraphObjectView view, GraphSelection selection, bool withType, bool expandManager)
    {
        w.WriteStartObject();
        if (withType)
        {
            w.WriteString("@odata.type", view.ODataType);
        }

        w.WriteString("id", view.Id);
        if (view.RemovedReason is not null)
        {
            w.WriteStartObject("@removed");
            w.WriteString("reason", view.RemovedReason);
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        foreach (var name in selection.For(view))
        {
            w.WritePropertyName(name);
            Value(w, view.Properties.GetValueOrDefault(name));
        }

        if (expandManager && view.ManagerId is not null)
        {
            w.WriteStartObject("manager");
            w.WriteString("@odata.type", GraphODataTypes.User);
            w.WriteString("id", view.ManagerId);
            w.WriteEndObject();
        }

        if (selection.Manager && view.ODataType == GraphODataTypes.User)
        {
            // Delta reports the manager reference as manager@delta; an empty array means "no manager".
            w.WriteStartArray("manager@delta");
            if (view.ManagerId is not null)
            {
                Reference(w, view.ManagerId, GraphODataTypes.User, removed: false);
            }

            w.WriteEndArray();
        }

        if (view.MemberChanges is { Count: > 0 } changes)
        {
            w.WriteStartArray("members@delta");
            foreach (var change in changes)
            {
                Reference(w, change.Id, change.ODataType, change.Removed);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Reference(Utf8JsonWriter w, string id, string type, bool removed)
    {
        w.WriteStartObject();
        w.WriteString("@odata.type", type);
        w.WriteString("id", id);
        if (removed)
        {
            w.WriteStartObject("@removed");
            w.WriteString("reason", "deleted");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    public static void Value(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case DateTimeOffset t: w.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)); break;
            case IEnumerable<string> list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    w.WriteStringValue(item);
                }

                w.WriteEndArray();
                break;
            case IEnumerable<KeyValuePair<string, object?>> complex:
                // A complex property (onPremisesExtensionAttributes, employeeOrgData) is a JSON object.
                w.WriteStartObject();
                foreach (var (name, item) in complex)
                {
                    w.WritePropertyName(name);
                    Value(w, item);
                }

                w.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items)
                {
                    Value(w, item);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
