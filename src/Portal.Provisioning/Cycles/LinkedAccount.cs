using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// What a link says of the account it stands for, for reports: the target attributes last exported (the engine's own
/// state under '@' keys left out), the app roles the user held at the last evaluation, and a group's member count.
/// </summary>
public sealed record LinkedAccount(string AttributesJson, IReadOnlyList<string> Roles, int? Members)
{
    // Names as people read them ("Müller", not "M\u00FCller"): the report is a download, never HTML.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static LinkedAccount Of(LinkedObject link)
    {
        var stored = ChangePlanner.Parse(link.ExportedValuesJson);
        var attributes = new JsonObject();
        foreach (var (name, value) in stored ?? [])
        {
            if (name.Length > 0 && name[0] != ChangePlanner.StatePrefix)
            {
                attributes[name] = value?.DeepClone();
            }
        }

        var roles = stored?[LinkValues.Roles] is JsonArray r ? r.Select(v => v!.GetValue<string>()).ToList() : [];
        int? members = link.Kind == ObjectKind.Group ? (stored?[LinkValues.Members] as JsonArray)?.Count ?? 0 : null;
        return new LinkedAccount(attributes.ToJsonString(Readable), roles, members);
    }
}
