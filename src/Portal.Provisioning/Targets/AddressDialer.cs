using System.Net;

namespace Portal.Provisioning.Targets;

/// <summary>
/// Opens the TCP connection for <see cref="TargetAddressGuard"/> to one of the addresses it has just checked (never to a
/// name, so a second DNS answer cannot change where it goes); plain sockets by default. Tests inject their own to stand
/// in for the route to a public address and to see which addresses were dialled.
/// </summary>
public delegate ValueTask<Stream> AddressDialer(IPAddress[] addresses, int port, CancellationToken cancellationToken);
