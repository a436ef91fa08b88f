using System.Net;
using System.Net.Sockets;

namespace Portal.Testing;

public static class LoopbackPort
{
    // Below Linux's ephemeral range (32768–60999): the kernel never hands these out as the local port of an outgoing
    // connection or for a bind to port 0, so a port chosen here stays free while its server is deliberately down.
    private const int QuietLow = 20000;
    private const int QuietHigh = 32000;

    /// <summary>A port free on 127.0.0.1 right now, for servers that must know their address before they start.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port outside the ephemeral range, for a server that is stopped for part of a test: an ephemeral port may
    /// meanwhile become the local end of some parallel test's connection, and the server could no longer bind it.
    /// </summary>
    public static int OutsideEphemeralRange()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(QuietLow, QuietHigh);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        return Free();
    }
}
