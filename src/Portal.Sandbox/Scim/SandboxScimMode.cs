namespace Portal.Sandbox.Scim;

/// <summary>strict: RFC 7644 only; entra: also Entra's dialect; goto: GoTo's quirks (see graph-and-goto.md § B2).</summary>
public enum SandboxScimMode { Strict, Entra, GoTo }
