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

    /// <summary>
    /// Records a query that completed, timed from <paramref name="started"/> (<see cref="Stopwatch.GetTimestamp"/>). A
    /// count abandoned on the last page, or a query that failed, is not a duration anyone waited for.
    /// </summary>
    public void Completed(string query, long started) =>
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(QueryTag, query));
}
