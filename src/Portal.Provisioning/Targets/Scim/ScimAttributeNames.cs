namespace Portal.Provisioning.Targets.Scim;

/// <summary>Attribute names of the SCIM core and enterprise schemas the client reads or writes itself.</summary>
public static class ScimAttributeNames
{
    public const string Schemas = "schemas";
    public const string Id = "id";
    public const string ExternalId = "externalId";
    public const string UserName = "userName";
    public const string DisplayName = "displayName";
    public const string Active = "active";
    public const string Name = "name";
    public const string GivenName = "givenName";
    public const string FamilyName = "familyName";
    public const string Emails = "emails";
    public const string Members = "members";
    public const string Value = "value";
    public const string Type = "type";
    public const string Primary = "primary";
    public const string Manager = "manager";
    public const string Meta = "meta";
    public const string Version = "version";
    public const string Resources = "Resources";
    public const string TotalResults = "totalResults";
    public const string StartIndex = "startIndex";
    public const string ItemsPerPage = "itemsPerPage";
    public const string Operations = "Operations";
    public const string Op = "op";
    public const string Path = "path";
    public const string Detail = "detail";
    public const string ScimType = "scimType";
    public const string Status = "status";
}
