using Portal.Data.Entities;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Targets;

/// <summary>The gallery: GoTo Meeting and a generic SCIM 2.0 application (reference graph-and-goto.md § B4, § B5).</summary>
public static class GalleryTemplates
{
    public const string GoToMeetingId = "goto-meeting";
    public const string GenericScimId = "scim";

    private const string Enterprise = ScimSchemas.EnterpriseUser;

    /// <summary>Entra's default SCIM user mappings; userName ← userPrincipalName is the matching attribute.</summary>
    public static IReadOnlyList<GalleryAttributeMapping> DefaultUserMappings { get; } =
    [
        new("userName", MappingType.Direct, "userPrincipalName", IsMatching: true, MatchingPrecedence: 1),
        new("active", MappingType.Expression, "Not([IsSoftDeleted])"),
        new("displayName", MappingType.Direct, "displayName"),
        new("name.givenName", MappingType.Direct, "givenName"),
        new("name.familyName", MappingType.Direct, "surname"),
        new("emails[type eq \"work\"].value", MappingType.Direct, "mail"),
        new("externalId", MappingType.Direct, "mailNickname"),
        new($"{Enterprise}:department", MappingType.Direct, "department"),
        new($"{Enterprise}:employeeNumber", MappingType.Direct, "employeeId"),
    ];

    public static IReadOnlyList<GalleryAttributeMapping> DefaultGroupMappings { get; } =
    [
        new("displayName", MappingType.Direct, "displayName", IsMatching: true, MatchingPrecedence: 1),
        new("externalId", MappingType.Direct, "objectId"),
        new("members", MappingType.Direct, "members"),
    ];

    /// <summary>
    /// GoTo Meeting. userName must be an address in a domain verified in GoTo's Organization Center. Deactivation
    /// suspends (active=false; the user stays "Suspended"); products and licences follow GoTo "User Sync" rules that map
    /// the pushed groups to products, so groups and memberships are provisioned. "Default Access" does not provision.
    /// </summary>
    public static GalleryTemplate GoToMeeting { get; } = new(
        GoToMeetingId,
        "GoTo Meeting",
        "Creates, updates and suspends GoTo Meeting users and pushes groups whose User Sync rules assign GoTo products.",
        "https://api.getgo.com/identity/v1",
        TargetAuthKind.GoToAdminPassword,
        "https://authentication.logmeininc.com/oauth/token",
        "identity:scim.org",
        DialectPresets.GoTo,
        [
            new("userName", MappingType.Direct, "userPrincipalName", IsMatching: true, MatchingPrecedence: 1),
            new("externalId", MappingType.Direct, "objectId"),
            new("active", MappingType.Expression, "Not([IsSoftDeleted])"),
            new("name.givenName", MappingType.Direct, "givenName"),
            new("name.familyName", MappingType.Direct, "surname"),
            new("emails[type eq \"work\"].value", MappingType.Direct, "mail"),
            new($"{Enterprise}:department", MappingType.Direct, "department"),
            new($"{Enterprise}:employeeNumber", MappingType.Direct, "employeeId"),
            new($"{Enterprise}:costCenter", MappingType.Direct, "extensionAttribute1"),
            new($"{Enterprise}:division", MappingType.Direct, "extensionAttribute2"),
        ],
        [
            new("displayName", MappingType.Direct, "displayName", IsMatching: true, MatchingPrecedence: 1),
            new("externalId", MappingType.Direct, "objectId"),
            new("members", MappingType.Direct, "members"),
        ],
        "Suspend: PATCH active=false; the user keeps history and shows as Suspended in GoTo Admin Center.",
        "Create a User Sync rule in GoTo Admin Center per pushed group (Rule #1 wins) mapping it to products (G2M, G2W, G2T); "
            + "licence keys are not SCIM attributes.",
        [
            new("User", "User", "A GoTo Meeting organizer."),
            new("TeamAdmin", "Team Admin", "Manages users of the GoTo account."),
        ],
        RequiresValidRole: true);

    /// <summary>Any SCIM 2.0 application, RFC strict by default.</summary>
    public static GalleryTemplate GenericScim { get; } = new(
        GenericScimId,
        "SCIM 2.0 application",
        "Any application with a SCIM 2.0 endpoint; pick a dialect preset and run the conformance probe.",
        null,
        TargetAuthKind.BearerToken,
        null,
        null,
        DialectPresets.Rfc,
        DefaultUserMappings,
        DefaultGroupMappings,
        "Disable: PATCH active=false (see the dialect profile).",
        "Through app roles or groups, as the application documents.",
        [new("User", "User", "Provisioned to the application.")],
        RequiresValidRole: false);

    public static IReadOnlyList<GalleryTemplate> All { get; } = [GoToMeeting, GenericScim];

    public static GalleryTemplate? Find(string id) => All.FirstOrDefault(t => t.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
