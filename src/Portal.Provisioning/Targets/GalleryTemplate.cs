using Portal.Data.Entities;

namespace Portal.Provisioning.Targets;

/// <summary>
/// A gallery application: its default target connection, dialect, attribute mappings per object kind, how
/// deactivation works, how licences are assigned and which app roles it offers for role requirements.
/// </summary>
public sealed record GalleryTemplate(
    string Id,
    string DisplayName,
    string Description,
    string? DefaultBaseUrl,
    TargetAuthKind DefaultAuthKind,
    string? DefaultTokenEndpoint,
    string? DefaultScopes,
    string DialectPreset,
    IReadOnlyList<GalleryAttributeMapping> UserMappings,
    IReadOnlyList<GalleryAttributeMapping> GroupMappings,
    string DeactivationBehaviour,
    string LicenceAssignment,
    IReadOnlyList<GalleryAppRole> AppRoles,
    bool RequiresValidRole);

/// <summary>
/// One default mapping: the target attribute, its source (attribute name, constant or expression text per
/// <paramref name="Type"/>), and whether and in which order it is used for matching.
/// </summary>
public sealed record GalleryAttributeMapping(
    string TargetAttribute,
    MappingType Type,
    string? Source,
    bool IsMatching = false,
    int MatchingPrecedence = 0,
    ApplyMapping Apply = ApplyMapping.Always);

/// <summary>An app role of a gallery app: its value (sent in tokens and role requirements) and display name.</summary>
public sealed record GalleryAppRole(string Value, string DisplayName, string Description);
