namespace Portal.Provisioning.Targets.Scim;

/// <summary>How a soft delete reaches the target.</summary>
public enum DisableMethod { PatchActive, PutResource, Delete }
