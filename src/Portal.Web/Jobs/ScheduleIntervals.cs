using Portal.Data.Entities;

namespace Portal.Web.Jobs;

/// <summary>
/// Turns a job's interval into a cron expression. Only intervals that divide an hour or a day evenly give a regular
/// cadence in cron; any other interval runs at the nearest shorter one of <see cref="Allowed"/>, so a job never
/// syncs less often than its admin asked for.
/// </summary>
public static class ScheduleIntervals
{
    public static readonly IReadOnlyList<TimeSpan> Allowed =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(20),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(4),
        TimeSpan.FromHours(6), TimeSpan.FromHours(8), TimeSpan.FromHours(12), TimeSpan.FromHours(24),
    ];

    /// <summary>A quarantined job is checked hourly; the engine runs it only when its reduced-schedule attempt is due.</summary>
    public const string QuarantineCron = "0 * * * *";

    public static string CronFor(ProvisioningJob job)
    {
        if (job.Quarantine.Reason != QuarantineReason.None)
        {
            return QuarantineCron;
        }

        return job.CronExpression is { Length: > 0 } cron ? cron : CronFor(job.Interval);
    }

    public static string CronFor(TimeSpan interval)
    {
        var effective = Allowed.LastOrDefault(a => a <= interval, Allowed[0]);
        return effective switch
        {
            { TotalHours: >= 24 } => "0 0 * * *",
            { TotalHours: >= 1 } => $"0 */{(int)effective.TotalHours} * * *",
            _ => $"*/{(int)effective.TotalMinutes} * * * *",
        };
    }
}
