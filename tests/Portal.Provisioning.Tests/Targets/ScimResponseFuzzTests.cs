using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Tests.Targets;

/// <summary>
/// 10,000 random and hostile HTTP answers — random statuses, headers and JSON, deep nesting, huge strings, invalid
/// UTF-8, lying Content-Length, truncated bodies — served over loopback by a raw TCP server to the real SCIM client:
/// only <see cref="TargetException"/> may come out of a connector call, none may hang, and memory stays bounded (the
/// response cap).
/// </summary>
public sealed class ScimResponseFuzzTests
{
    private const int Cases = 10_000;

    private static readonly ScimClientOptions Options = new()
    {
        BaseBackoff = TimeSpan.Zero,
        MaxBackoff = TimeSpan.Zero,
        MaxRetryAfter = TimeSpan.Zero,
        MaxRetries = 1,
        RequestTimeout = TimeSpan.FromSeconds(2),
        MaxResponseBytes = 256 * 1024,
        Random = () => 0,
    };

    [Fact(Timeout = 60_000)]
    public async Task ConnectorCalls_ThrowOnlyTargetException_AndNeverHang_ForHostileResponses()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(4242);
        await using var server = HostileServer.Start();
        using var factory = new ScimTargetConnectorFactory(Options);
        var connector = factory.CreateScim(new TargetConnectorSettings($"http://127.0.0.1:{server.Port}/scim", TargetAuthKind.BearerToken, "token",
            RequestsPerSecond: null, AllowPrivateNetwork: true));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var slowest = TimeSpan.Zero;
        var outcomes = new int[2];
        for (var i = 0; i < Cases; i++)
        {
            server.Answer = Answer(random);
            var call = random.Next(9);
            var clock = Stopwatch.StartNew();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(20));
            try
            {
                await CallAsync(connector, call, deadline.Token);
                outcomes[0]++;
            }
            catch (TargetException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.ErrorCode));
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                outcomes[1]++;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                Assert.Fail($"call {call} hung on answer: {Describe(server.Answer)}");
            }
            catch (Exception e)
            {
                Assert.Fail($"call {call}: {e.GetType().Name} on answer {Describe(server.Answer)}: {e}");
            }

            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(outcomes[0] > Cases / 50 && outcomes[1] > Cases / 50, $"succeeded/failed: {outcomes[0]}/{outcomes[1]}");
        Assert.True(grown < 64 * 1024 * 1024, $"memory grew by {grown / 1024 / 1024} MB over {Cases} cases");
        TestContext.Current.SendDiagnosticMessage($"slowest case {slowest.TotalMilliseconds:F0} ms; {outcomes[0]} succeeded, {outcomes[1]} failed");
    }

    private static async Task CallAsync(ScimTargetConnector connector, int call, CancellationToken ct)
    {
        var user = new Dictionary<string, JsonNode?> { ["userName"] = "ann@contoso.com", ["active"] = true, ["displayName"] = "Ann" };
        switch (call)
        {
            case 0: await connector.FindAsync(ObjectKind.User, "userName", "ann@contoso.com", ct); break;
            case 1: await connector.GetAsync(ObjectKind.Group, "g1", ct); break;
            case 2: await connector.CreateAsync(ObjectKind.User, user, new MatchingKey("userName", "ann@contoso.com"), ct); break;
            case 3: await connector.UpdateAsync(ObjectKind.User, "u1", new Dictionary<string, JsonNode?> { ["displayName"] = "Ann B", ["title"] = null }, ct); break;
            case 4: await connector.DisableAsync(ObjectKind.User, "u1", ct); break;
            case 5: await connector.DeleteAsync(ObjectKind.User, "u1", ct); break;
            case 6: await connector.AddMembersAsync("g1", ["u1", "u2"], ct); break;
            case 7: await connector.TestConnectionAsync(ct); break;
            default:
                await foreach (var _ in connector.ListAsync(ObjectKind.User, ct).WithCancellation(ct))
                {
                }

                break;
        }
    }

    private static byte[] Answer(Random random)
    {
        var status = new[] { 200, 200, 200, 201, 204, 400, 401, 404, 409, 412, 429, 500, 503, 302, 418 }[random.Next(15)];
        var body = Body(random);
        var contentType = new[] { "application/scim+json", "application/json", "application/scim+json; charset=utf-8", "text/html", "", "application/json; charset=utf-16" }[random.Next(6)];
        var head = new StringBuilder($"HTTP/1.1 {status} Fuzz\r\nConnection: close\r\n");
        if (contentType.Length > 0)
        {
            head.Append($"Content-Type: {contentType}\r\n");
        }

        var length = random.Next(10) switch
        {
            0 => body.Length + random.Next(1, 100), // promises more than it sends
            1 => -1, // no Content-Length: read to the end of the connection
            _ => body.Length,
        };
        if (length >= 0)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        }

        if (random.Next(6) == 0)
        {
            head.Append($"Retry-After: {new[] { "0", "-5", "abc", "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "1" }[random.Next(6)]}\r\n");
        }

        if (random.Next(4) == 0)
        {
            head.Append($"ETag: {new[] { "W/\"1\"", "\"\"", "garbage", "W/\"é\"" }[random.Next(4)]}\r\n");
        }

        if (status == 302)
        {
            head.Append("Location: http://169.254.169.254/latest/meta-data\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static byte[] Body(Random random) => random.Next(10) switch
    {
        0 => [],
        1 => Encoding.UTF8.GetBytes(new string('[', random.Next(1, 200_000))),
        2 => Encoding.UTF8.GetBytes($"{{\"id\":\"{new string('x', random.Next(100_000, 400_000))}\",\"userName\":\"a\"}}"),
        3 => [.. Encoding.UTF8.GetBytes("{\"id\":\""), .. RandomBytes(random, 64), .. Encoding.UTF8.GetBytes("\",\"Resources\":[]}")],
        4 => RandomBytes(random, random.Next(1, 2_000)),
        5 => Truncated(random, (RandomJson(random, 0) ?? new JsonObject()).ToJsonString()),
        _ => Encoding.UTF8.GetBytes((RandomJson(random, 0) ?? new JsonObject()).ToJsonString()),
    };

    private static byte[] Truncated(Random random, string json) => Encoding.UTF8.GetBytes(json[..random.Next(json.Length + 1)]);

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static readonly string[] Keys =
    [
        "id", "userName", "displayName", "active", "Resources", "resources", "totalResults", "schemas", "meta", "version", "members", "value",
        "detail", "status", "scimType", "startIndex", "itemsPerPage", "emails", "ID", "",
    ];

    private static JsonNode? RandomJson(Random random, int depth)
    {
        var roll = depth > 4 ? random.Next(6) : random.Next(9);
        return roll switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(3) == 0 ? "u1" : new string('é', random.Next(0, 40))),
            2 => JsonValue.Create(random.Next(-5, 5)),
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => JsonValue.Create(random.NextDouble() * 1e300),
            5 => JsonValue.Create("ann@contoso.com"),
            6 or 7 => new JsonObject(Enumerable.Range(0, random.Next(0, 7)).Select(_ => Keys[random.Next(Keys.Length)]).Distinct(StringComparer.Ordinal)
                .Select(k => KeyValuePair.Create(k, RandomJson(random, depth + 1)))),
            _ => new JsonArray([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomJson(random, depth + 1))]),
        };
    }

    private static string Describe(byte[] answer)
    {
        var text = Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 300));
        return $"{text} ({answer.Length} bytes)";
    }

    /// <summary>A raw HTTP/1.1 server on loopback that reads each request and answers with the current bytes, then closes.</summary>
    private sealed class HostileServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public byte[] Answer { get; set; } = [];

        public static HostileServer Start()
        {
            var server = new HostileServer();
            server._listener.Start(512);
            server._loop = server.AcceptAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client, Answer);
            }
        }

        private async Task ServeAsync(TcpClient client, byte[] answer)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    await ReadRequestAsync(stream);
                    await stream.WriteAsync(answer, _stop.Token);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client gave up (a timeout or a refused answer); that is its business.
                }
            }
        }

        private async Task ReadRequestAsync(NetworkStream stream)
        {
            var buffer = new byte[64 * 1024];
            var read = 0;
            int end;
            while ((end = IndexOf(buffer, read)) < 0)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            var head = Encoding.ASCII.GetString(buffer, 0, end);
            var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = line is null ? 0 : int.Parse(line[15..].Trim(), CultureInfo.InvariantCulture);
            var left = length - (read - end - 4);
            while (left > 0)
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                left -= n;
            }
        }

        private static int IndexOf(byte[] buffer, int count)
        {
            for (var i = 3; i < count; i++)
            {
                if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n')
                {
                    return i - 3;
                }
            }

            return -1;
        }
    }
}
