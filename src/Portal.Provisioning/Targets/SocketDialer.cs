using System.Net;
using System.Net.Sockets;

namespace Portal.Provisioning.Targets;

/// <summary>The default <see cref="AddressDialer"/>: a TCP socket to the first address that answers.</summary>
public static class SocketDialer
{
    public static async ValueTask<Stream> DialAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
