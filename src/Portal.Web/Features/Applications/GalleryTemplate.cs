using Portal.Data.Entities;

namespace Portal.Web.Features.Applications;

/// <summary>An application in the gallery: how its credentials are asked for and the default mappings it starts with.</summary>
public sealed record GalleryTemplate(
    string Id,
    string DisplayName,
    string Description,
    string DialectPreset,
    TargetAuthKind AuthKind,
    string? UserNameLabel,
    string SecretLabel,
    IReadOnlyList<string> DefaultRoles,
    IReadOnlyList<TemplateObjectMapping> ObjectMappings);

public sealed record TemplateObjectMapping(string Name, ObjectKind SourceObject, string TargetObjectName, IReadOnlyList<TemplateAttributeMapping> Attributes);

public sealed record TemplateAttributeMapping(
    string TargetAttribute,
    MappingType Type,
    string? Source,
    int MatchingPrecedence = 0,
    ApplyMapping Apply = ApplyMapping.Always,
    string? DefaultValue = null);
