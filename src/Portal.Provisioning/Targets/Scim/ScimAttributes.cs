using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// The target attributes the mapping editor offers: RFC 7643's User (with the enterprise extension) and Group
/// attributes in the path forms the engine writes. Offered, not enforced: a target may define attributes of its own.
/// </summary>
public static class ScimAttributes
{
    private const string Enterprise = ScimSchemas.EnterpriseUser;

    private static readonly string[] Users =
    [
        "userName", "active", "displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone", "profileUrl", "externalId",
        "name.givenName", "name.familyName", "name.middleName", "name.formatted", "name.honorificPrefix", "name.honorificSuffix",
        "emails[type eq \"work\"].value", "emails[type eq \"home\"].value", "emails[type eq \"other\"].value",
        "phoneNumbers[type eq \"work\"].value", "phoneNumbers[type eq \"mobile\"].value", "phoneNumbers[type eq \"fax\"].value",
        "addresses[type eq \"work\"].streetAddress", "addresses[type eq \"work\"].locality", "addresses[type eq \"work\"].region",
        "addresses[type eq \"work\"].postalCode", "addresses[type eq \"work\"].country", "addresses[type eq \"work\"].formatted",
        "roles", "entitlements",
        $"{Enterprise}:employeeNumber", $"{Enterprise}:department", $"{Enterprise}:division", $"{Enterprise}:costCenter",
        $"{Enterprise}:organization", $"{Enterprise}:manager",
    ];

    private static readonly string[] Groups = ["displayName", "externalId", "members"];

    public static IReadOnlyList<string> Of(ObjectKind kind) => kind == ObjectKind.User ? Users : Groups;
}
