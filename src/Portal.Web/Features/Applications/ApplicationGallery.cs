using Portal.Data.Entities;

namespace Portal.Web.Features.Applications;

/// <summary>
/// The gallery the admin adds applications from. The connector work owns the authoritative templates; until they are
/// exposed, the defaults here follow the GoTo gallery app's published mappings (reference graph-and-goto §B4).
/// </summary>
public static class ApplicationGallery
{
    public const string GoToMeetingId = "goto-meeting";
    public const string ScimId = "scim";

    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";

    private static readonly TemplateObjectMapping Users = new(
        "Provision Microsoft Entra ID Users", ObjectKind.User, "urn:ietf:params:scim:schemas:core:2.0:User",
        [
            new("userName", MappingType.Direct, "userPrincipalName", MatchingPrecedence: 1),
            new("active", MappingType.Expression, "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")"),
            new("externalId", MappingType.Direct, "mailNickname"),
            new("name.givenName", MappingType.Direct, "givenName"),
            new("name.familyName", MappingType.Direct, "surname"),
            new("emails[type eq \"work\"].value", MappingType.Direct, "mail"),
            new($"{Enterprise}department", MappingType.Direct, "department"),
            new($"{Enterprise}employeeNumber", MappingType.Direct, "employeeId"),
        ]);

    private static readonly TemplateObjectMapping Groups = new(
        "Provision Microsoft Entra ID Groups", ObjectKind.Group, "urn:ietf:params:scim:schemas:core:2.0:Group",
        [
            new("displayName", MappingType.Direct, "displayName", MatchingPrecedence: 1),
            new("externalId", MappingType.Direct, "mailNickname"),
            new("members", MappingType.Direct, "members"),
        ]);

    public static IReadOnlyList<GalleryTemplate> Templates { get; } =
    [
        new(GoToMeetingId, "GoTo Meeting",
            "Creates, updates and disables GoTo Meeting accounts for the users and groups assigned to the app. Needs a GoTo account with Team Admin rights.",
            "goto", TargetAuthKind.GoToAdminPassword, "Admin User Name", "Admin Password", ["User", "Team Admin"], [Users, Groups]),
        new(ScimId, "SCIM 2.0 application",
            "Any application with a SCIM 2.0 endpoint: enter its Tenant URL and Secret Token.",
            "rfc", TargetAuthKind.BearerToken, null, "Secret Token", ["User"], [Users, Groups]),
    ];

    public static GalleryTemplate? Find(string templateId) =>
        Templates.FirstOrDefault(t => string.Equals(t.Id, templateId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The template's object mappings as new entities for one job (used by add app and restore defaults).</summary>
    public static List<ObjectMapping> DefaultMappings(GalleryTemplate template, Guid jobId) =>
        template.ObjectMappings.Select(o => new ObjectMapping
        {
            JobId = jobId,
            Name = o.Name,
            SourceObject = o.SourceObject,
            TargetObjectName = o.TargetObjectName,
            AttributeMappings = o.Attributes.Select((a, i) => new AttributeMapping
            {
                TargetAttribute = a.TargetAttribute,
                Type = a.Type,
                Source = a.Source,
                DefaultValue = a.DefaultValue,
                Apply = a.Apply,
                IsMatching = a.MatchingPrecedence > 0,
                MatchingPrecedence = a.MatchingPrecedence,
                Order = i,
            }).ToList(),
        }).ToList();
}
