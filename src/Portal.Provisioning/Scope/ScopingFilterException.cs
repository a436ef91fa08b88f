namespace Portal.Provisioning.Scope;

/// <summary>A scoping filter that cannot be evaluated (unknown operator, invalid regex); names the clause.</summary>
public sealed class ScopingFilterException(string message) : Exception(message);
