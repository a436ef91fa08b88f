using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Portal.Web.Features.Logs;

/// <summary>
/// How long the Logs page's database work takes, per query: the page of rows, its capped count and one entry's
/// details. Beside ASP.NET Core's and Blazor's own instruments this tells a slow page's database time from the rest
/// (exported with the app's other meters, e.g. through OpenTelemetry or <c>dotnet-counters</c>).
/// </summary>
public sealed class LogQueryMetrics
{
    public const string MeterName = "Portal.Logs";
    public const string QueryTag = "portal.logs.query";

    private readonly Histogram<double> _duration;

    public LogQueryMetrics(IMeterFactory meters)
    {
        _duration = meters.Create(MeterName).CreateHistogram<double>(
            "portal.logs.query.duration", unit: "s", description: "Duration of a provisioning-log query, connection included");
    }

    /// <summary>Times <paramref name="query"/> from now until the returned scope is disposed.</summary>
    public Timing Time(string query) => new(this, query, Stopwatch.GetTimestamp());

    public readonly struct Timing(LogQueryMetrics metrics, string query, long started) : IDisposable
    {
        public void Dispose() =>
            metrics._duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(QueryTag, query));
    }
}
