namespace Portal.Provisioning.Targets.Scim;

/// <summary>How PATCH op names are written: RFC lower case or Entra's capitalised Add/Replace/Remove.</summary>
public enum PatchOpCasing { Lower, Capitalized }
