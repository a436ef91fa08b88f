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

    /// <summary>
    /// Digest of the object mappings the committed watermark was read with: when the job's mappings differ next cycle,
    /// every object is read and evaluated again. Null (a watermark from before it was kept) counts as unchanged.
    /// </summary>
    public string? MappingDigest { get; set; }
}
