using System.Globalization;

namespace Portal.Web.Components;

/// <summary>How pages write a moment: in UTC to the minute, the same for every reader of a multi-country tenant.</summary>
public static class PortalTime
{
    public static string Utc(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
