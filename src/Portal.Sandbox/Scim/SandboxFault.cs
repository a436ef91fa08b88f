namespace Portal.Sandbox.Scim;

/// <summary>
/// A switchable fault: the next <see cref="Count"/> SCIM requests (of <see cref="Method"/>, if set) misbehave.
/// Slow, drop, malformed, wrong content type and huge body happen after the request was processed.
/// </summary>
public sealed record SandboxFault(SandboxFaultKind Kind, int Count = 1, string? Method = null, int RetryAfterSeconds = 0, int DelayMilliseconds = 0, int BodyBytes = 1024 * 1024);
