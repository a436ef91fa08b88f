namespace Portal.Sandbox.Scim;

public enum SandboxResourceKind { User, Group }
