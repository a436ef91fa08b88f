namespace Portal.Web.Notifications;

/// <summary>
/// The warning points of something that ends (a client secret, an API key): so many days before its end, and the end
/// itself (0). A warning is due once per point: the check raises one when no warning of it was raised since the latest
/// point reached.
/// </summary>
internal sealed class EndWarnings(params int[] daysBefore)
{
    /// <summary>The earliest point, in days before the end.</summary>
    public int FirstDays { get; } = daysBefore.Max();

    /// <summary>The latest point already reached at <paramref name="now"/>, or null before the first.</summary>
    public DateTimeOffset? DueSince(DateTimeOffset end, DateTimeOffset now) =>
        daysBefore.Select(d => end.AddDays(-d)).Where(point => point <= now).Select(p => (DateTimeOffset?)p).Max();
}
