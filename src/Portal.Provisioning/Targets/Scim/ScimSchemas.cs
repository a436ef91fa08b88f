namespace Portal.Provisioning.Targets.Scim;

/// <summary>Schema and message URNs of SCIM 2.0 (RFC 7643/7644) and the SCIM 1.1 names some targets still use.</summary>
public static class ScimSchemas
{
    public const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string CoreGroup = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public const string Scim11Core = "urn:scim:schemas:core:1.0";
    public const string Scim11EnterpriseUser = "urn:scim:schemas:extension:enterprise:1.0";
}
