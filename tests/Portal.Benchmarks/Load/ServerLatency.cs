using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Portal.Web.Features.Logs;

namespace Portal.Benchmarks.Load;

/// <summary>
/// Server-side latency from the portal's own instruments, read in-process with a <see cref="MeterListener"/>:
/// Blazor's <c>aspnetcore.components.*</c> histograms (browser event handlers including the async work they await,
/// component parameter updates, render batches), ASP.NET Core hosting's <c>http.server.request.duration</c> and the
/// Logs page's database queries (<see cref="LogQueryMetrics"/>). These stop where the server's work stops, so beside
/// the browser-observed times they show which side the tail is on.
/// </summary>
internal sealed class ServerLatency : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _samples = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public ServerLatency()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter.Name;
            if (meter.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) || meter is "Microsoft.AspNetCore.Hosting" or LogQueryMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Only measurements between <see cref="Start"/> and <see cref="Stop"/> count (not sign-in and start-up).</summary>
    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>Each instrument (with the component type or route it was measured on) and its times in ms, slowest p95 first.</summary>
    public IReadOnlyList<(string Instrument, Percentiles Times)> Report() =>
        [.. _samples.Select(s => (s.Key, Percentiles.Of(s.Value))).OrderByDescending(s => s.Item2.P95)];

    /// <summary>Every Blazor event handler together: the server's share of a click, comparable to the browser's times.</summary>
    public Percentiles EventHandlers() =>
        Percentiles.Of(_samples.Where(s => s.Key.StartsWith("aspnetcore.components.handle_event", StringComparison.Ordinal)
            || s.Key.StartsWith("aspnetcore.components.event_handler", StringComparison.Ordinal)).SelectMany(s => s.Value));

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // A circuit's duration is its life, not a response time.
        if (!_recording || instrument is not Histogram<double> || instrument.Name.Contains("circuit", StringComparison.Ordinal))
        {
            return;
        }

        string? component = null, method = null, route = null;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "aspnetcore.components.type": component = value as string; break;
                case "aspnetcore.components.method": method = value as string; break;
                case "http.route": route = value as string; break;
                case LogQueryMetrics.QueryTag: method = value as string; break;
            }
        }

        // The circuit's WebSocket is one long request; its duration is the circuit's life, not a response time.
        if (route is not null && route.Contains("_blazor", StringComparison.Ordinal))
        {
            return;
        }

        var on = component is null ? method : method is null ? ShortName(component) : $"{ShortName(component)}.{method}";
        var name = instrument.Name + (on is null ? "" : $" {on}") + (route is null ? "" : $" {route}");
        _samples.GetOrAdd(name, _ => new()).Enqueue(instrument.Unit == "s" ? seconds * 1000 : seconds);
    }

    private static string ShortName(string type)
    {
        var generic = type.IndexOfAny(['`', '[']);
        var plain = generic < 0 ? type : type[..generic];
        return plain[(plain.LastIndexOf('.') + 1)..];
    }
}
