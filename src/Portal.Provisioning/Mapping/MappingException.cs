namespace Portal.Provisioning.Mapping;

/// <summary>An attribute mapping that could not be applied to one object; names the target attribute and why.</summary>
public sealed class MappingException(string message, Exception? inner = null) : Exception(message, inner);
