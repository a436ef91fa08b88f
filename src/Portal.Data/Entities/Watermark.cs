namespace Portal.Data.Entities;

public sealed class Watermark
{
    public string? UsersDeltaLink { get; set; }
    public string? GroupsDeltaLink { get; set; }
    public DateTimeOffset? CommittedAt { get; set; }
}
