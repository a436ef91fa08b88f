using System.Net;

namespace Portal.Provisioning.Targets;

/// <summary>
/// Resolves a host name to its addresses for <see cref="TargetAddressGuard"/>; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>
/// by default. Tests inject their own to control DNS answers (private ranges, rebinding).
/// </summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);
