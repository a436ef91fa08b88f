using Portal.Data.Entities;
using Portal.Provisioning.Targets;

namespace Portal.Web.Features.Applications;

/// <summary>
/// The gallery the admin adds applications from (the connector's <see cref="GalleryTemplates"/>), with the words the
/// Provisioning tab uses for each template's credentials.
/// </summary>
public static class ApplicationGallery
{
    public const string GoToMeetingId = GalleryTemplates.GoToMeetingId;
    public const string ScimId = GalleryTemplates.GenericScimId;

    public static IReadOnlyList<GalleryTemplate> Templates => GalleryTemplates.All;

    public static GalleryTemplate? Find(string templateId) => GalleryTemplates.Find(templateId);

    /// <summary>The label of the admin user name field, or null when the auth kind has none.</summary>
    public static string? UserNameLabel(TargetAuthKind kind) => kind switch
    {
        TargetAuthKind.GoToAdminPassword or TargetAuthKind.Basic => "Admin User Name",
        TargetAuthKind.OAuthClientCredentials => "Client ID",
        _ => null,
    };

    public static string SecretLabel(TargetAuthKind kind) => kind switch
    {
        TargetAuthKind.GoToAdminPassword or TargetAuthKind.Basic => "Admin Password",
        TargetAuthKind.OAuthClientCredentials => "Client Secret",
        _ => "Secret Token",
    };

    /// <summary>The template's user and group object mappings as new entities for one job (add app, restore defaults).</summary>
    public static List<ObjectMapping> DefaultMappings(GalleryTemplate template, Guid jobId) =>
    [
        Mapping("Provision Microsoft Entra ID Users", ObjectKind.User, "urn:ietf:params:scim:schemas:core:2.0:User", template.UserMappings, jobId),
        Mapping("Provision Microsoft Entra ID Groups", ObjectKind.Group, "urn:ietf:params:scim:schemas:core:2.0:Group", template.GroupMappings, jobId),
    ];

    private static ObjectMapping Mapping(string name, ObjectKind kind, string target, IReadOnlyList<GalleryAttributeMapping> attributes, Guid jobId) => new()
    {
        JobId = jobId,
        Name = name,
        SourceObject = kind,
        TargetObjectName = target,
        AttributeMappings = attributes.Select((a, i) => new AttributeMapping
        {
            TargetAttribute = a.TargetAttribute,
            Type = a.Type,
            Source = a.Source,
            Apply = a.Apply,
            IsMatching = a.IsMatching,
            MatchingPrecedence = a.IsMatching ? a.MatchingPrecedence : 0,
            Order = i,
        }).ToList(),
    };
}
