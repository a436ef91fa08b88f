namespace Portal.Sandbox.Scim;

/// <summary>
/// strict: RFC 7644 only; entra: also Entra's dialect; goto: GoTo's quirks (see graph-and-goto.md § B2); scim11: SCIM 1.1
/// schema URNs and PATCH by partial resource with <c>meta.attributes</c>, no PatchOp messages.
/// </summary>
public enum SandboxScimMode { Strict, Entra, GoTo, Scim11 }
