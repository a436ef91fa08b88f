using System.Text.Json.Nodes;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>Turns the engine's flat attribute map into SCIM resources (POST/PUT) and PatchOp messages (PATCH).</summary>
internal sealed class ScimResourceWriter(DialectProfile dialect)
{
    public JsonObject BuildResource(ObjectKind kind, IReadOnlyDictionary<string, JsonNode?> attributes)
    {
        var resource = new JsonObject();
        var schemas = new JsonArray(dialect.CoreSchema(kind));
        resource[ScimAttributeNames.Schemas] = schemas;
        foreach (var (key, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            var path = ScimPath.Parse(key);
            var container = resource;
            if (path.SchemaUrn is not null && !path.SchemaUrn.Equals(dialect.CoreSchema(kind), StringComparison.OrdinalIgnoreCase))
            {
                var urn = NormaliseUrn(path.SchemaUrn);
                if (!schemas.Any(s => s!.GetValue<string>() == urn))
                {
                    schemas.Add(urn);
                }

                container = resource[urn] as JsonObject ?? (JsonObject)(resource[urn] = new JsonObject());
            }

            Set(container, path, ResourceValue(path, value));
        }

        return resource;
    }

    /// <remarks>
    /// added: attributes whose values are added to the target's (op add), not replacing them. current: the resource as the
    /// target holds it now, when known: a value for a filtered path (<c>emails[type eq "work"].value</c>) whose filter
    /// selects no element there goes as a new element of its attribute (op add), as a replace that selects nothing is
    /// refused (RFC 7644 § 3.5.2.3, noTarget).
    /// </remarks>
    public ScimPatchRequest BuildPatch(IReadOnlyDictionary<string, JsonNode?> changes, IReadOnlySet<string>? added = null, JsonObject? current = null)
    {
        var operations = new List<ScimPatchOperation>();
        var newElements = new Dictionary<string, (ScimPath Parent, JsonObject Container)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            var path = ScimPath.Parse(key);
            var pathText = path with { SchemaUrn = path.SchemaUrn is null ? null : NormaliseUrn(path.SchemaUrn) };
            if (value is not null && current is not null && path.FilterAttribute is not null && !path.SelectsElementOf(current))
            {
                // Sub-attributes of one new element (emails[type eq "work"].value and .display) go in that one element.
                var parent = pathText with { FilterAttribute = null, FilterValue = null, SubAttribute = null };
                var container = newElements.TryGetValue(parent.Render(), out var pending) ? pending.Container : new JsonObject();
                Set(container, path, ResourceValue(path, value));
                newElements[parent.Render()] = (parent, container);
                continue;
            }

            operations.Add(value is null
                ? new ScimPatchOperation(dialect.CaseOp("remove"), pathText.Render(), null)
                : new ScimPatchOperation(dialect.CaseOp(added?.Contains(key) == true ? "add" : "replace"), pathText.Render(), PatchValue(path, value)));
        }

        foreach (var (parent, container) in newElements.Values)
        {
            var elements = container[parent.Attribute]!.AsArray();
            container.Remove(parent.Attribute);
            if (parent.Read(current!) is JsonArray held
                && held.OfType<JsonObject>().Any(e => bool.TryParse(ScimPath.ScalarText(ScimPath.Child(e, ScimAttributeNames.Primary)), out var primary) && primary))
            {
                // The account has a primary value already; RFC 7643 § 2.4 allows one.
                foreach (var element in elements.OfType<JsonObject>())
                {
                    element.Remove(ScimAttributeNames.Primary);
                }
            }

            operations.Add(new ScimPatchOperation(dialect.CaseOp("add"), parent.Render(), elements));
        }

        return Patch(operations);
    }

    public ScimPatchRequest BuildDisable() =>
        Patch([new ScimPatchOperation(dialect.CaseOp("replace"), ScimAttributeNames.Active, ActiveValue(false))]);

    public ScimPatchRequest BuildAddMembers(IEnumerable<string> memberIds) =>
        Patch([new ScimPatchOperation(dialect.CaseOp("add"), ScimAttributeNames.Members, MemberArray(memberIds))]);

    public ScimPatchRequest BuildRemoveMembers(IReadOnlyList<string> memberIds) => dialect.MemberRemoval switch
    {
        MemberRemovalStyle.ValueArray =>
            Patch([new ScimPatchOperation(dialect.CaseOp("remove"), ScimAttributeNames.Members, MemberArray(memberIds))]),
        _ => Patch(memberIds
            .Select(id => new ScimPatchOperation(dialect.CaseOp("remove"), $"members[value eq {ScimFilter.Quote(id)}]", null))
            .ToList()),
    };

    public JsonNode ActiveValue(bool active) => dialect.ActiveAsString
        ? JsonValue.Create(active ? "True" : "False")
        : JsonValue.Create(active);

    private static ScimPatchRequest Patch(IReadOnlyList<ScimPatchOperation> operations) => new([ScimSchemas.PatchOp], operations);

    private static JsonArray MemberArray(IEnumerable<string> memberIds) =>
        new(memberIds.Select(id => (JsonNode)new JsonObject { [ScimAttributeNames.Value] = id }).ToArray());

    // Mappings may name the enterprise extension by its SCIM 2.0 URN; a SCIM 1.1 target needs its own URN.
    private string NormaliseUrn(string urn) => dialect.EnterpriseSchemaFor(urn);

    private static JsonNode ResourceValue(ScimPath path, JsonNode value)
    {
        if (path.IsActive)
        {
            return JsonValue.Create(AsBoolean(value));
        }

        return path.IsManager && value is JsonValue ? new JsonObject { [ScimAttributeNames.Value] = value.DeepClone() } : value.DeepClone();
    }

    private JsonNode PatchValue(ScimPath path, JsonNode value) => path.IsActive ? ActiveValue(AsBoolean(value)) : ResourceValue(path, value);

    private static bool AsBoolean(JsonNode value) => value is JsonValue v && v.TryGetValue<bool>(out var b)
        ? b
        : bool.TryParse(ScimPath.ScalarText(value), out var parsed) && parsed;

    private static void Set(JsonObject container, ScimPath path, JsonNode value)
    {
        if (path.FilterAttribute is null)
        {
            if (path.SubAttribute is null)
            {
                container[path.Attribute] = value;
                return;
            }

            var complex = container[path.Attribute] as JsonObject ?? (JsonObject)(container[path.Attribute] = new JsonObject());
            complex[path.SubAttribute] = value;
            return;
        }

        // emails[type eq "work"].value → emails: [{ "type": "work", "value": ..., "primary": true }]
        var array = container[path.Attribute] as JsonArray ?? (JsonArray)(container[path.Attribute] = new JsonArray());
        var element = array.OfType<JsonObject>().FirstOrDefault(e =>
            string.Equals(ScimPath.ScalarText(ScimPath.Child(e, path.FilterAttribute)), path.FilterValue, StringComparison.OrdinalIgnoreCase));
        if (element is null)
        {
            element = new JsonObject
            {
                [path.FilterAttribute] = bool.TryParse(path.FilterValue, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(path.FilterValue),
            };
            if (array.Count == 0 && !path.FilterAttribute.Equals(ScimAttributeNames.Primary, StringComparison.OrdinalIgnoreCase))
            {
                element[ScimAttributeNames.Primary] = true;
            }

            array.Add(element);
        }

        element[path.SubAttribute ?? ScimAttributeNames.Value] = value;
    }
}
