using System.Text.Json.Nodes;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// SCIM 1.1 PATCH (draft-scim-api § 3.3.2): the body is a partial resource, not a PatchOp message. Attributes to clear
/// are named in <c>meta.attributes</c>; a value of a multi-valued attribute is removed with <c>"operation": "delete"</c>.
/// </summary>
internal sealed class Scim11PatchWriter(DialectProfile dialect, ScimResourceWriter resources)
{
    private const string Operation = "operation";
    private const string Delete = "delete";

    public JsonObject BuildPatch(ObjectKind kind, IReadOnlyDictionary<string, JsonNode?> changes)
    {
        var partial = resources.BuildResource(kind, changes.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value));
        var cleared = new JsonArray();
        foreach (var key in changes.Where(c => c.Value is null).Select(c => c.Key))
        {
            var path = ScimPath.Parse(key);
            if (path.FilterAttribute is null)
            {
                cleared.Add(ClearedName(kind, path));
                continue;
            }

            // emails[type eq "work"].value cleared: delete the work address, keep the others.
            var values = partial[path.Attribute] as JsonArray ?? (JsonArray)(partial[path.Attribute] = new JsonArray());
            values.Add(new JsonObject { [path.FilterAttribute] = path.FilterValue, [Operation] = Delete });
        }

        if (cleared.Count > 0)
        {
            partial[ScimAttributeNames.Meta] = new JsonObject { ["attributes"] = cleared };
        }

        return partial;
    }

    public JsonObject BuildDisable() => Partial(ObjectKind.User, ScimAttributeNames.Active, resources.ActiveValue(false));

    public JsonObject BuildAddMembers(IEnumerable<string> memberIds) =>
        Partial(ObjectKind.Group, ScimAttributeNames.Members, new JsonArray([.. memberIds.Select(id => (JsonNode)new JsonObject { [ScimAttributeNames.Value] = id })]));

    public JsonObject BuildRemoveMembers(IEnumerable<string> memberIds) =>
        Partial(ObjectKind.Group, ScimAttributeNames.Members,
            new JsonArray([.. memberIds.Select(id => (JsonNode)new JsonObject { [ScimAttributeNames.Value] = id, [Operation] = Delete })]));

    private JsonObject Partial(ObjectKind kind, string attribute, JsonNode value) => new()
    {
        [ScimAttributeNames.Schemas] = new JsonArray(dialect.CoreSchema(kind)),
        [attribute] = value,
    };

    // Names in meta.attributes: core ones as written (name.givenName), extension ones qualified by the 1.1 URN.
    private JsonNode ClearedName(ObjectKind kind, ScimPath path)
    {
        var name = path.SubAttribute is null ? path.Attribute : $"{path.Attribute}.{path.SubAttribute}";
        return path.SchemaUrn is null || path.SchemaUrn.Equals(dialect.CoreSchema(kind), StringComparison.OrdinalIgnoreCase)
            ? name
            : $"{dialect.EnterpriseSchemaFor(path.SchemaUrn)}:{name}";
    }
}
