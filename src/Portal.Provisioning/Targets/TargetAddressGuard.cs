using System.Net.Sockets;
using System.Net;

namespace Portal.Provisioning.Targets;

/// <summary>
/// Refuses connections to loopback, link-local and private addresses (SSRF) unless the operator allowed them, and
/// plain http to anything but such allowed local addresses. It checks every resolved address at connect time, so a
/// redirect or a DNS answer that changes after validation cannot reach an internal host either.
/// </summary>
public sealed class TargetAddressGuard(bool allowPrivateNetwork, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>The addresses a connection to <paramref name="host"/> may use; throws when any is refused.</summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, bool https, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new TargetAddressRefusedException($"The host '{host}' has no address.");
        }

        foreach (var address in addresses)
        {
            var local = IsLocal(address);
            if (local && !allowPrivateNetwork)
            {
                throw new TargetAddressRefusedException(
                    $"The host '{host}' resolves to {address}, a loopback, link-local or private address; such targets are refused.");
            }

            if (!https && !local)
            {
                throw new TargetAddressRefusedException($"The host '{host}' is a public address; the target URL must use https.");
            }

            if (!https && !allowPrivateNetwork)
            {
                throw new TargetAddressRefusedException("The target URL must use https.");
            }
        }

        return addresses;
    }

    /// <summary>The handler's connect callback: resolves, checks and connects to the first allowed address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var https = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps;
        var addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, https, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168,
            _ => false,
        };
    }
}
