namespace Portal.Provisioning.Targets.Scim;

/// <summary>What a 404 on update means: fail the object (Entra's InvalidAnchor) or let the engine create it again.</summary>
public enum UpdateNotFoundPolicy { Fail, Recreate }
