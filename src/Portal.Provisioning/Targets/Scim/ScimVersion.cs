namespace Portal.Provisioning.Targets.Scim;

/// <summary>Which schema URNs the target expects: SCIM 2.0 (RFC 7643) or SCIM 1.1.</summary>
public enum ScimVersion { Scim20, Scim11 }
