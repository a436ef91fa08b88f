using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A job described as code (<c>portal sync run --job job.json</c>, docs/sync-job.md): source, target, optional
/// mappings and scoping filters, deletion guard, the users and groups it no longer manages. Secret values may be
/// written as <c>env:NAME</c> to read them from the environment instead of the file.
/// </summary>
public sealed record SyncJobFile(
    SyncJobSource Source,
    SyncJobTarget Target,
    SyncJobMappings? Mappings = null,
    int DeletionThreshold = ProvisioningJob.DefaultDeletionThreshold,
    bool PreventAccidentalDeletions = true,
    bool SkipOutOfScopeDeletions = false,
    bool AllowPrivateNetwork = false,
    IReadOnlyList<SyncJobReleased>? NoLongerManaged = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SyncJobFile Parse(string json) =>
        JsonSerializer.Deserialize<SyncJobFile>(json, Json) is { Source: not null, Target: not null } file
            ? file
            : throw new JsonException("The job file needs a \"source\" and a \"target\" object.");

    /// <summary>Resolves <c>env:NAME</c>; names the missing variable rather than failing later with an empty secret.</summary>
    public static string? Secret(string? value)
    {
        if (value is null || !value.StartsWith("env:", StringComparison.Ordinal))
        {
            return value;
        }

        var name = value[4..];
        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } secret
            ? secret
            : throw new InvalidOperationException($"Environment variable '{name}' named by the job file is not set.");
    }
}

/// <summary>Where to read the directory: Graph (or the emulator) with app-only credentials.</summary>
public sealed record SyncJobSource(
    string TenantId,
    string ClientId,
    string ClientSecret,
    string ServicePrincipalId,
    string GraphBaseUrl = "https://graph.microsoft.com/v1.0",
    string? TokenEndpoint = null,
    ProvisioningScope Scope = ProvisioningScope.AssignedOnly,
    bool ExpandNestedGroups = false,
    IReadOnlyList<string>? RequiredRoles = null);

/// <summary>The SCIM target: Tenant URL, auth kind and secret, dialect preset or a full profile.</summary>
public sealed record SyncJobTarget(
    string BaseUrl,
    TargetAuthKind Auth = TargetAuthKind.BearerToken,
    string? Secret = null,
    string? UserName = null,
    string? TokenEndpoint = null,
    string? Scopes = null,
    string Dialect = "rfc",
    JsonElement? Profile = null,
    OAuthClientSecretPlacement ClientSecretPlacement = OAuthClientSecretPlacement.Header);

/// <summary>A user or group (by object id) the job leaves alone: never provisioned or deprovisioned, its link dropped.</summary>
public sealed record SyncJobReleased(ObjectKind Kind, string SourceId, string? DisplayName = null);

/// <summary>Object mappings; a missing one means the template's default for that object.</summary>
public sealed record SyncJobMappings(SyncJobObjectMapping? Users = null, SyncJobObjectMapping? Groups = null);

public sealed record SyncJobObjectMapping(
    IReadOnlyList<SyncJobAttribute>? Attributes = null,
    IReadOnlyList<SyncJobFilter>? Filters = null,
    bool Enabled = true,
    bool AllowCreate = true,
    bool AllowUpdate = true,
    bool AllowDelete = true);

/// <summary>One attribute mapping; <c>Matching</c> &gt; 0 makes it a matching attribute with that precedence.</summary>
public sealed record SyncJobAttribute(
    string Target,
    string? Source = null,
    MappingType Type = MappingType.Direct,
    string? Default = null,
    ApplyMapping Apply = ApplyMapping.Always,
    int Matching = 0,
    bool ClearWhenSourceRemoved = false);

public sealed record SyncJobFilter(string Name, IReadOnlyList<SyncJobClause> Clauses, ScopingFilterKind Kind = ScopingFilterKind.Scoping);

public sealed record SyncJobClause(string Attribute, string Operator, string? Value = null);
