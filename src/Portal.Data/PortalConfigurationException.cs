namespace Portal.Data;

/// <summary>A setting that stops the portal from starting; the message is one line naming the setting and what is accepted.</summary>
public sealed class PortalConfigurationException(string message) : Exception(message);
