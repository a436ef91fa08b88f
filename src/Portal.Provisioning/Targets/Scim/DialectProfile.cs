using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// How one SCIM target differs from the RFC, stored per job as JSON (<c>TargetConnection.DialectProfileJson</c>).
/// Start from a preset (<see cref="DialectPresets"/>) and change single fields; unknown fields in stored JSON are ignored.
/// </summary>
public sealed record DialectProfile
{
    public string Name { get; init; } = DialectPresets.Rfc;
    public PatchOpCasing OpCasing { get; init; } = PatchOpCasing.Lower;
    public MemberRemovalStyle MemberRemoval { get; init; } = MemberRemovalStyle.ValueFilterPath;

    /// <summary>Entra's default sends <c>"active": "False"</c> in PATCH; RFC targets expect a JSON boolean.</summary>
    public bool ActiveAsString { get; init; }

    public DisableMethod Disable { get; init; } = DisableMethod.PatchActive;

    /// <summary>True when GET on a group returns its members; the client then asks for <c>excludedAttributes=members</c>.</summary>
    public bool GroupGetReturnsMembers { get; init; } = true;

    /// <summary>Largest <c>count</c> the target honours in one list page.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>Members sent in one PATCH (GoTo groups hold at most 100 members per request).</summary>
    public int MaxMembersPerPatch { get; init; } = 100;

    public bool SupportsExternalIdFilter { get; init; } = true;
    public bool UserNameCaseSensitive { get; init; }
    public string UsersPath { get; init; } = "/Users";
    public string GroupsPath { get; init; } = "/Groups";
    public string ServiceProviderConfigPath { get; init; } = "/ServiceProviderConfig";
    public string SchemasPath { get; init; } = "/Schemas";
    public string ResourceTypesPath { get; init; } = "/ResourceTypes";
    public ScimVersion SchemaVersion { get; init; } = ScimVersion.Scim20;
    public UpdateNotFoundPolicy OnUpdateNotFound { get; init; } = UpdateNotFoundPolicy.Fail;

    /// <summary>Send <c>If-Match</c> with the last ETag the target gave for an object.</summary>
    public bool UseETags { get; init; } = true;

    /// <summary>Requests per second this target takes; null means the portal's default (25, what Entra requires of gallery apps).</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Requests that may go at once after a quiet spell; null means one second's worth of <see cref="RequestsPerSecond"/>.</summary>
    public int? Burst { get; init; }

    /// <summary>Calls in flight at once against this target; null means the portal's default.</summary>
    public int? MaxParallelism { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a stored profile; a field the JSON leaves out keeps the value of <paramref name="fallback"/>.</summary>
    public static DialectProfile FromJson(string json, DialectProfile? fallback = null)
    {
        try
        {
            var profile = JsonSerializer.Deserialize<DialectProfile>(json, JsonOptions)
                ?? throw new JsonException("the profile is JSON null");
            return fallback is null ? profile : Merge(fallback, json);
        }
        catch (JsonException e)
        {
            throw new TargetException(
                "InvalidDialectProfile",
                $"The stored SCIM dialect profile is not valid JSON for a profile: {e.Message}",
                "Open the application's provisioning settings and reset the dialect profile to a preset.");
        }
    }

    private static DialectProfile Merge(DialectProfile fallback, string json)
    {
        var baseNode = System.Text.Json.Nodes.JsonNode.Parse(fallback.ToJson())!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject())
        {
            var existing = baseNode.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            baseNode[existing ?? key] = value?.DeepClone();
        }

        return JsonSerializer.Deserialize<DialectProfile>(baseNode.ToJsonString(), JsonOptions)!;
    }

    internal string CaseOp(string op) => OpCasing == PatchOpCasing.Lower ? op : char.ToUpperInvariant(op[0]) + op[1..];

    internal string CoreSchema(ObjectKind kind) => SchemaVersion == ScimVersion.Scim11
        ? ScimSchemas.Scim11Core
        : kind == ObjectKind.User ? ScimSchemas.CoreUser : ScimSchemas.CoreGroup;

    internal string EnterpriseSchema => SchemaVersion == ScimVersion.Scim11 ? ScimSchemas.Scim11EnterpriseUser : ScimSchemas.EnterpriseUser;

    /// <summary>The enterprise extension in this target's SCIM version; other extension URNs stay as written.</summary>
    internal string EnterpriseSchemaFor(string urn) =>
        urn.Equals(ScimSchemas.EnterpriseUser, StringComparison.OrdinalIgnoreCase) || urn.Equals(ScimSchemas.Scim11EnterpriseUser, StringComparison.OrdinalIgnoreCase)
            ? EnterpriseSchema
            : urn;

    internal string PathFor(ObjectKind kind) => kind == ObjectKind.User ? UsersPath : GroupsPath;
}
