namespace Portal.Data.Entities;

/// <summary>Graph's synchronizationQuarantine: why and since when a job runs on the reduced schedule.</summary>
public sealed class JobQuarantine
{
    public QuarantineReason Reason { get; set; } = QuarantineReason.None;
    public string? Error { get; set; }
    public DateTimeOffset? CurrentBegan { get; set; }
    public DateTimeOffset? SeriesBegan { get; set; }
    public int SeriesCount { get; set; }
    public DateTimeOffset? NextAttempt { get; set; }
}
