using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Portal.Provisioning.Targets;

namespace Portal.Testing;

/// <summary>
/// DNS and routes under the test's control for a DNS rebinding attack: the host's first answer is a public address,
/// every later answer an internal one (127.0.0.1, 169.254.169.254). The public address does not answer; internal
/// addresses are routed to loopback, where the test's server stands in for the internal host the attacker wants.
/// </summary>
public sealed class RebindingNetwork(IPAddress publicAnswer, IPAddress internalAnswer)
{
    private int _queries;

    /// <summary>Every address the portal dialled, in order.</summary>
    public ConcurrentQueue<IPAddress> Dialled { get; } = new();

    public int Queries => Volatile.Read(ref _queries);

    public HostResolver Resolve => (_, _) => Task.FromResult(new[] { Interlocked.Increment(ref _queries) == 1 ? publicAnswer : internalAnswer });

    public async ValueTask<Stream> DialAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        foreach (var address in addresses)
        {
            Dialled.Enqueue(address);
        }

        if (addresses.Contains(publicAnswer))
        {
            throw new SocketException((int)SocketError.NetworkUnreachable);
        }

        return await SocketDialer.DialAsync([IPAddress.Loopback], port, cancellationToken);
    }
}
