namespace Portal.Sandbox.Scim;

public enum SandboxFaultKind { None, TooManyRequests, InternalServerError, ServiceUnavailable, Slow, DropConnectionAfterProcessing, MalformedJson, WrongContentType, HugeBody, MissingId, LongId, WrongShape }
