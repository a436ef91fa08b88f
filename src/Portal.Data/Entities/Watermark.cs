namespace Portal.Data.Entities;

public sealed class Watermark
{
    public string? UsersDeltaLink { get; set; }
    public string? GroupsDeltaLink { get; set; }
    public DateTimeOffset? CommittedAt { get; set; }

    /// <summary>
    /// Digest of what decides scope beyond Graph's delta (assignments, app roles, the job's scope settings) when the
    /// watermark was committed: equal next cycle and an empty delta mean nothing can have changed.
    /// </summary>
    public string? EntitlementDigest { get; set; }
}
