using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Portal.Provisioning.Targets;

/// <summary>
/// Refuses connections to loopback, link-local and private addresses (SSRF) unless the operator allowed them, and
/// plain http to anything but such allowed local addresses. It checks every resolved address at connect time, so a
/// redirect or a DNS answer that changes after validation cannot reach an internal host either.
/// </summary>
/// <remarks>
/// DNS rebinding: each new connection resolves the host once, checks every answer and dials exactly those addresses,
/// so a host whose first answer was public and whose next answer is 127.0.0.1 or 169.254.169.254 is refused on that
/// next connection before a byte is sent. Refusals are logged with the host, port and address only (never the URL,
/// whose path or query may carry a webhook token).
/// </remarks>
public sealed class TargetAddressGuard(bool allowPrivateNetwork, HostResolver? resolve = null, AddressDialer? dial = null, ILogger? logger = null)
{
    private readonly HostResolver resolve = resolve ?? Dns.GetHostAddressesAsync;
    private readonly AddressDialer dial = dial ?? SocketDialer.DialAsync;

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

    /// <summary>The handler's connect callback: resolves once, checks every answer and dials only the checked addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var https = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps;
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAllowedAsync(host, https, cancellationToken);
        }
        catch (TargetAddressRefusedException refused)
        {
            logger?.LogWarning("Refused a connection to {Host}:{Port}: {Reason}", host, context.DnsEndPoint.Port, refused.Message);
            throw;
        }

        return await dial(addresses, context.DnsEndPoint.Port, cancellationToken);
    }

    /// <summary>
    /// True for addresses that reach this host or its private networks: loopback, unspecified, private, shared (CGNAT),
    /// link-local (cloud metadata at 169.254.169.254), benchmarking, reserved and multicast ranges, the IPv6 equivalents,
    /// and IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4), judged by the embedded address.
    /// </summary>
    public static bool IsLocal(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } embedded)
        {
            address = embedded;
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8); // 2001:db8::/32, documentation
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2),
            198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
            203 => b[1] == 0 && b[2] == 113,
            >= 224 => true,
            _ => false,
        };
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        var prefixZero = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        var compatible = prefixZero && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1); // not :: or ::1
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        if (compatible || nat64)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        // 6to4 (2002::/16) carries the IPv4 address in bytes 2-5.
        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : null;
    }
}
