using Portal.Data.Entities;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// The generic SCIM template's object mappings (Entra's "customappsso"/"scim" defaults): users matched on
/// userName ← userPrincipalName, active ← Not([IsSoftDeleted]); groups matched on displayName.
/// </summary>
public static class DefaultMappings
{
    public const string EnterpriseDepartment = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";

    public static ObjectMapping Users() => new()
    {
        Name = "Provision Microsoft Entra ID Users",
        SourceObject = ObjectKind.User,
        TargetObjectName = "urn:ietf:params:scim:schemas:core:2.0:User",
        AttributeMappings =
        [
            Direct("userName", "userPrincipalName", 0, matching: 1),
            new AttributeMapping { TargetAttribute = "active", Type = MappingType.Expression, Source = "Not([IsSoftDeleted])", Order = 1 },
            Direct("displayName", "displayName", 2),
            Direct("title", "jobTitle", 3),
            Direct("emails[type eq \"work\"].value", "mail", 4),
            Direct("name.givenName", "givenName", 5),
            Direct("name.familyName", "surname", 6),
            Direct("externalId", "mailNickname", 7),
            Direct(EnterpriseDepartment, "department", 8),
        ],
    };

    public static ObjectMapping Groups() => new()
    {
        Name = "Provision Microsoft Entra ID Groups",
        SourceObject = ObjectKind.Group,
        TargetObjectName = "urn:ietf:params:scim:schemas:core:2.0:Group",
        AttributeMappings =
        [
            Direct("displayName", "displayName", 0, matching: 1),
            Direct("externalId", "objectId", 1),
        ],
    };

    private static AttributeMapping Direct(string target, string source, int order, int matching = 0) => new()
    {
        TargetAttribute = target,
        Type = MappingType.Direct,
        Source = source,
        Order = order,
        IsMatching = matching > 0,
        MatchingPrecedence = matching,
    };
}
