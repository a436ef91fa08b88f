using System.Collections.Frozen;

namespace Portal.Sandbox.Graph;

/// <summary>
/// The properties (and relationships) Graph v1.0 knows on users and groups, so that a <c>$select</c> naming anything
/// else is refused with 400 as Graph refuses it ("Could not find a property named …"), instead of being answered with
/// nothing: a client that selects a misspelt or made-up name fails here as it would against Microsoft's service.
/// Directory extensions (<c>extension_&lt;app id&gt;_&lt;name&gt;</c>) are accepted whatever their name.
/// </summary>
internal static class GraphSchema
{
    private static readonly FrozenSet<string> UserProperties = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "id", "deletedDateTime", "aboutMe", "accountEnabled", "activities", "ageGroup", "agreementAcceptances",
        "appRoleAssignments", "assignedLicenses", "assignedPlans", "authentication", "authorizationInfo", "birthday",
        "businessPhones", "calendar", "calendarGroups", "calendarView", "calendars", "chats", "city", "cloudClipboard",
        "companyName", "consentProvidedForMinor", "contactFolders", "contacts", "country", "createdDateTime",
        "createdObjects", "creationType", "customSecurityAttributes", "dataSecurityAndGovernance", "department",
        "deviceEnrollmentLimit", "deviceManagementTroubleshootingEvents", "directReports", "displayName", "drive",
        "drives", "employeeExperience", "employeeHireDate", "employeeId", "employeeLeaveDateTime", "employeeOrgData",
        "employeeType", "events", "extensions", "externalUserState", "externalUserStateChangeDateTime", "faxNumber",
        "followedSites", "givenName", "hireDate", "identities", "imAddresses", "inferenceClassification", "insights",
        "interests", "isManagementRestricted", "isResourceAccount", "jobTitle", "joinedTeams",
        "lastPasswordChangeDateTime", "legalAgeGroupClassification", "licenseAssignmentStates", "licenseDetails", "mail",
        "mailFolders", "mailNickname", "mailboxSettings", "managedAppRegistrations", "managedDevices", "manager",
        "memberOf", "messages", "mobilePhone", "mySite", "oauth2PermissionGrants", "officeLocation",
        "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesExtensionAttributes", "onPremisesImmutableId",
        "onPremisesLastSyncDateTime", "onPremisesProvisioningErrors", "onPremisesSamAccountName",
        "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "onPremisesUserPrincipalName", "onenote",
        "onlineMeetings", "otherMails", "outlook", "ownedDevices", "ownedObjects", "passwordPolicies", "passwordProfile",
        "pastProjects", "people", "permissionGrants", "photo", "photos", "planner", "postalCode", "preferredDataLocation",
        "preferredLanguage", "preferredName", "presence", "print", "provisionedPlans", "proxyAddresses",
        "registeredDevices", "responsibilities", "schools", "scopedRoleMemberOf", "securityIdentifier",
        "serviceProvisioningErrors", "settings", "showInAddressList", "signInActivity", "signInSessionsValidFromDateTime",
        "skills", "solutions", "sponsors", "state", "streetAddress", "surname", "teamwork", "todo", "transitiveMemberOf",
        "usageLocation", "userPrincipalName", "userType");

    private static readonly FrozenSet<string> GroupProperties = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "id", "deletedDateTime", "acceptedSenders", "allowExternalSenders", "appRoleAssignments", "assignedLabels",
        "assignedLicenses", "autoSubscribeNewMembers", "calendar", "calendarView", "classification", "conversations",
        "createdDateTime", "createdOnBehalfOf", "description", "displayName", "drive", "drives", "events",
        "expirationDateTime", "extensions", "groupLifecyclePolicies", "groupTypes", "hasMembersWithLicenseErrors",
        "hideFromAddressLists", "hideFromOutlookClients", "isArchived", "isAssignableToRole", "isManagementRestricted",
        "isSubscribedByMail", "licenseProcessingState", "mail", "mailEnabled", "mailNickname", "memberOf", "members",
        "membersWithLicenseErrors", "membershipRule", "membershipRuleProcessingState", "onPremisesDomainName",
        "onPremisesLastSyncDateTime", "onPremisesNetBiosName", "onPremisesProvisioningErrors", "onPremisesSamAccountName",
        "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "onenote", "owners", "permissionGrants", "photo",
        "photos", "planner", "preferredDataLocation", "preferredLanguage", "proxyAddresses", "rejectedSenders",
        "renewedDateTime", "securityEnabled", "securityIdentifier", "serviceProvisioningErrors", "settings", "sites",
        "team", "theme", "threads", "transitiveMemberOf", "transitiveMembers", "uniqueName", "unseenCount", "visibility");

    /// <summary>Graph's 400 for the first selected name the kind does not have; null when every name is known.</summary>
    public static GraphResult? RefusedSelect(DirectoryObjectKind kind, string? select)
    {
        var known = kind == DirectoryObjectKind.Users ? UserProperties : GroupProperties;
        var unknown = (select ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(n => !known.Contains(n) && !n.StartsWith("extension_", StringComparison.OrdinalIgnoreCase));
        return unknown is null ? null
            : GraphResult.BadRequest($"Could not find a property named '{unknown}' on type 'microsoft.graph.{(kind == DirectoryObjectKind.Users ? "user" : "group")}'.");
    }
}
