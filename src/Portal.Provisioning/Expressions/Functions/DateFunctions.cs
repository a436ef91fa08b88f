using System.Globalization;
using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>
/// Dates travel between functions as text in Entra's format <c>M/d/yyyy h:mm:ss tt</c>, always UTC and read with the
/// invariant culture, so results never depend on the server's culture or time zone.
/// </summary>
internal static class DateFunctions
{
    public const string OutputFormat = "M/d/yyyy h:mm:ss tt";

    private const DateTimeStyles DefaultFormatStyles =
        DateTimeStyles.RoundtripKind | DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite;

    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("CDate", "expression", 1, 1, call => call.Map(0, 0, static (s, _, c) => Format(Parse(s, c, 0)))),
        Define("DateAdd", "interval, value, dateTime", 3, 3, DateAdd),
        Define("DateDiff", "interval, date1, date2", 3, 3, DateDiff),
        Define("DateFromNum", "value", 1, 1, call => call.Map(0, 0, static (s, _, c) => Format(FromFileTime(s, c)))),
        Define("FormatDateTime", "source, dateTimeStyles, inputFormat, outputFormat", 3, 4, FormatDateTime),
        Define("Now", "", 0, 0, call => new Value(Format(call.Evaluation.Options.TimeProvider.GetUtcNow().UtcDateTime))),
        Define("NumFromDate", "value", 1, 1,
            call => call.Map(0, 0, static (s, _, c) => ToFileTime(Parse(s, c, 0), c).ToString(CultureInfo.InvariantCulture))),
    ];

    public static string Format(DateTime utc) => utc.ToString(OutputFormat, CultureInfo.InvariantCulture);

    /// <summary>Any invariant-culture date; an offset converts to UTC, no offset means UTC.</summary>
    public static DateTime Parse(string text, Call call, int index) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed.UtcDateTime
            : throw call.Error(index, $"\"{text}\" is not a date; expected e.g. 2024-03-16T07:00:00Z or {OutputFormat}");

    private static long ToFileTime(DateTime date, Call call) =>
        date.Year >= 1601 ? date.ToFileTimeUtc() : throw call.Error(0, "is before 1601-01-01, where AD dates begin");

    private static DateTime FromFileTime(string text, Call call)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fileTime))
        {
            throw call.Error(0, $"must be a whole number (100-ns intervals since 1601-01-01 UTC), but got \"{text}\"");
        }

        try
        {
            return DateTime.FromFileTimeUtc(fileTime);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw call.Error(0, $"{fileTime} is outside the range of dates");
        }
    }

    private static Value DateAdd(Call call)
    {
        var interval = call.Text(0);
        var amountText = call.Text(1);
        var dateText = call.Text(2);
        if (dateText is null || interval is null || amountText is null)
        {
            return Value.Null;
        }

        if (!double.TryParse(amountText, NumberStyles.Float, CultureInfo.InvariantCulture, out var amountValue) || Math.Abs(amountValue) > 1e9)
        {
            throw call.Error(1, $"must be a number, but got \"{amountText}\"");
        }

        // VB's DateAdd truncates fractional amounts; months and years add on the calendar (3/16 + 10 m = 1/16).
        var amount = (long)Math.Truncate(amountValue);
        var date = Parse(dateText, call, 2);
        try
        {
            return new Value(Format(interval switch
            {
                "yyyy" => date.AddYears(checked((int)amount)),
                "q" => date.AddMonths(checked((int)amount * 3)),
                "m" => date.AddMonths(checked((int)amount)),
                "d" or "y" or "w" => date.AddDays(amount),
                "ww" => date.AddDays(amount * 7),
                "h" => date.AddHours(amount),
                "n" => date.AddMinutes(amount),
                "s" => date.AddSeconds(amount),
                _ => throw call.Error(0, $"\"{interval}\" is not an interval; expected yyyy, q, m, d, ww, h, n or s"),
            }));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw call.Error(1, "moves the date outside the range of dates");
        }
    }

    // Microsoft.VisualBasic.DateAndTime.DateDiff semantics, which reproduce every documented number: d/h/n/s are
    // truncated elapsed time, m and yyyy count calendar boundaries, ww counts Sunday-started week boundaries.
    private static Value DateDiff(Call call)
    {
        var interval = call.Text(0);
        var first = call.Text(1);
        var second = call.Text(2);
        if (interval is null || first is null || second is null)
        {
            return Value.Null;
        }

        var d1 = Parse(first, call, 1);
        var d2 = Parse(second, call, 2);
        var elapsed = d2 - d1;
        long difference = interval switch
        {
            "yyyy" => d2.Year - d1.Year,
            "q" => ((d2.Year - d1.Year) * 4) + ((d2.Month - 1) / 3) - ((d1.Month - 1) / 3),
            "m" => ((d2.Year - d1.Year) * 12) + d2.Month - d1.Month,
            "d" or "y" => (long)elapsed.TotalDays,
            "w" => (long)(elapsed.TotalDays / 7),
            "ww" => (long)((StartOfWeek(d2) - StartOfWeek(d1)).TotalDays / 7),
            "h" => (long)elapsed.TotalHours,
            "n" => (long)elapsed.TotalMinutes,
            "s" => (long)elapsed.TotalSeconds,
            _ => throw call.Error(0, $"\"{interval}\" is not an interval; expected yyyy, q, m, d, ww, h, n or s"),
        };
        return new Value(difference.ToString(CultureInfo.InvariantCulture));
    }

    private static DateTime StartOfWeek(DateTime date) => date.AddDays(-(int)date.DayOfWeek);

    private static Value FormatDateTime(Call call)
    {
        var hasStyles = call.Count == 4;
        var styleText = hasStyles ? call.Text(1) : null;
        var inputFormat = call.Text(hasStyles ? 2 : 1);
        var outputFormat = call.Text(hasStyles ? 3 : 2);
        var source = call.Text(0);
        if (source is null)
        {
            return Value.Null;
        }

        if (string.IsNullOrEmpty(inputFormat) || string.IsNullOrEmpty(outputFormat))
        {
            throw call.Error(string.IsNullOrEmpty(inputFormat) ? (hasStyles ? 2 : 1) : (hasStyles ? 3 : 2), "must be a .NET date format such as yyyy-MM-dd");
        }

        var styles = DefaultFormatStyles;
        if (!string.IsNullOrWhiteSpace(styleText)
            && (!Enum.TryParse(styleText, ignoreCase: true, out styles) || int.TryParse(styleText, out _)))
        {
            throw call.Error(1, $"\"{styleText}\" is not a DateTimeStyles value; expected e.g. AdjustToUniversal, AssumeUniversal");
        }

        // Parsed as DateTimeOffset so that neither the input nor the output depends on the server's time zone:
        // a missing offset means UTC unless AssumeLocal is asked for.
        var offsetStyles = styles & ~(DateTimeStyles.RoundtripKind | DateTimeStyles.AdjustToUniversal);
        if ((offsetStyles & DateTimeStyles.AssumeLocal) == 0)
        {
            offsetStyles |= DateTimeStyles.AssumeUniversal;
        }

        try
        {
            if (!DateTimeOffset.TryParseExact(source, inputFormat, CultureInfo.InvariantCulture, offsetStyles, out var parsed))
            {
                throw call.Error(0, $"\"{source}\" does not match the input format \"{inputFormat}\"");
            }

            if ((styles & DateTimeStyles.AdjustToUniversal) != 0 || parsed.Offset == TimeSpan.Zero)
            {
                return new Value(parsed.UtcDateTime.ToString(outputFormat, CultureInfo.InvariantCulture));
            }

            return new Value(parsed.ToString(outputFormat, CultureInfo.InvariantCulture));
        }
        catch (FormatException)
        {
            throw call.Error(hasStyles ? 3 : 2, $"\"{outputFormat}\" is not a valid .NET date format");
        }
        catch (ArgumentException e)
        {
            throw call.Error(1, $"is not a usable combination: {e.Message}");
        }
    }
}
