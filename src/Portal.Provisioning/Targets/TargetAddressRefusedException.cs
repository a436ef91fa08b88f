namespace Portal.Provisioning.Targets;

/// <summary>The address guard refused a target address.</summary>
public sealed class TargetAddressRefusedException(string message) : Exception(message);
