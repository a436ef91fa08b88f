using System.Globalization;

namespace Portal.Provisioning.Source;

/// <summary>
/// The client secret the portal signs in to the directory with, as its app registration lists it. Graph never returns a
/// secret's value, only its first three characters (its hint): the listed secrets that begin as the one in use are its
/// <paramref name="Candidates"/>, and when several do the soonest to expire is reported, so a warning comes early rather
/// than late. <paramref name="ExpiresAt"/> null: the listing gives no end date. The hint itself is never shown: the
/// portal shows no part of a secret.
/// </summary>
public sealed record ClientSecretStatus(DateTimeOffset? ExpiresAt, string? Name, int Candidates = 1)
{
    /// <summary>From this many days before the end, admins are warned.</summary>
    public const int WarningDays = 30;

    /// <summary>Whole days left at <paramref name="now"/>: 0 on the last day, negative once expired.</summary>
    public int? DaysLeft(DateTimeOffset now) => ExpiresAt is { } end ? DaysLeft(end, now) : null;

    public static int DaysLeft(DateTimeOffset end, DateTimeOffset now) => (int)Math.Floor((end - now).TotalDays);

    /// <summary>In its last <see cref="WarningDays"/> days, or ended: what pages warn of.</summary>
    public static bool IsEndingSoon(DateTimeOffset end, DateTimeOffset now) => DaysLeft(end, now) < WarningDays;

    /// <summary>Where a new secret is created.</summary>
    public const string Renewal = "in Entra ID > App registrations > the app > Certificates & secrets";

    /// <summary>One sentence an admin can act on: which secret, when it ends, and what to do when that is near.</summary>
    public string Describe(DateTimeOffset now)
    {
        var which = Candidates > 1
            ? $"Of the app registration's {Candidates} client secrets that begin as the one in use, the first to expire"
            : $"The client secret{(Name is { Length: > 0 } ? $" '{Name}'" : "")}";
        if (ExpiresAt is not { } end)
        {
            return $"{which} has no end date.";
        }

        return DaysLeft(now)!.Value switch
        {
            < 0 => $"{which} {When(end, now)}: the portal can no longer read the directory with it. Create a new one {Where}.",
            _ when IsEndingSoon(end, now) => $"{which} {When(end, now)}. Before then, create a new one {Where}.",
            _ => $"{which} {When(end, now)}.",
        };
    }

    /// <summary>"expires on 2027-06-05, in 180 days", "expires on …, tomorrow", "expired on 2026-12-01".</summary>
    public static string When(DateTimeOffset end, DateTimeOffset now)
    {
        var days = DaysLeft(end, now);
        var date = end.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return days switch
        {
            < 0 => $"expired on {date}",
            0 => $"expires on {date}, today",
            1 => $"expires on {date}, tomorrow",
            _ => $"expires on {date}, in {days} days",
        };
    }

    private const string Where = Renewal + " and enter its Value on the portal's Directory connection page";
}
