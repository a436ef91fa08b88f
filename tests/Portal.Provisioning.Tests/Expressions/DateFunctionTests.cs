using System.Globalization;
using Microsoft.VisualBasic;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class DateFunctionTests
{
    [Theory]
    [InlineData("CDate([StatusHireDate])", "3/16/2012 7:00:00 AM")]
    [InlineData("CDate(\"2021-08-21T23:00:00Z\")", "8/21/2021 11:00:00 PM")]
    [InlineData("CDate(\"2021-08-21T23:00:00+02:00\")", "8/21/2021 9:00:00 PM")]
    [InlineData("CDate(\"2021-08-21\")", "8/21/2021 12:00:00 AM")]
    [InlineData("DateAdd(\"yyyy\", 10, CDate([StatusHireDate]))", "3/16/2022 7:00:00 AM")]
    [InlineData("DateAdd(\"d\", 7, CDate([StatusHireDate]))", "3/23/2012 7:00:00 AM")]
    [InlineData("DateAdd(\"m\", 10, CDate([StatusHireDate]))", "1/16/2013 7:00:00 AM")]
    [InlineData("DateAdd(\"ww\", 1, CDate([StatusHireDate]))", "3/23/2012 7:00:00 AM")]
    [InlineData("DateAdd(\"h\", -8, CDate([StatusHireDate]))", "3/15/2012 11:00:00 PM")]
    [InlineData("DateAdd(\"n\", 90, \"2012-03-16T07:00:00Z\")", "3/16/2012 8:30:00 AM")]
    [InlineData("DateAdd(\"s\", 30, \"2012-03-16T07:00:00Z\")", "3/16/2012 7:00:30 AM")]
    [InlineData("DateAdd(\"m\", 1, \"2012-01-31T00:00:00Z\")", "2/29/2012 12:00:00 AM")]
    [InlineData("DateDiff(\"d\", Now(), CDate([StatusHireDate]))", "-5113")]
    [InlineData("DateDiff(\"d\", \"2021-08-01\", \"2021-08-14\")", "13")]
    [InlineData("DateDiff(\"h\", \"2021-08-01\", \"2021-08-02\")", "24")]
    [InlineData("DateDiff(\"n\", \"2021-08-01\", \"2021-08-02\")", "1440")]
    [InlineData("DateDiff(\"s\", \"2021-08-01\", \"2021-08-02\")", "86400")]
    [InlineData("DateDiff(\"m\", \"2021-08-31\", \"2021-09-01\")", "1")]
    [InlineData("DateDiff(\"yyyy\", \"2021-12-31\", \"2022-01-01\")", "1")]
    [InlineData("DateDiff(\"d\", \"2021-08-02\", \"2021-08-02\")", "0")]
    [InlineData("DateFromNum(129699324000000000)", "1/1/2012 11:00:00 PM")]
    [InlineData("NumFromDate(\"2012-01-01T23:00:00-00:00\")", "129699324000000000")]
    [InlineData("NumFromDate(DateFromNum(129699324000000000))", "129699324000000000")]
    [InlineData("FormatDateTime([ext1], , \"yyyyMMddHHmmss.fZ\", \"yyyy-MM-dd\")", "2015-01-23")]
    [InlineData("FormatDateTime([ext1], \"yyyyMMddHHmmss.fZ\", \"yyyy-MM-dd HH:mm\")", "2015-01-23 10:53")]
    [InlineData("FormatDateTime(\"2021-08-25T17:23:38+02:00\", , \"yyyy-MM-ddTHH:mm:sszzz\", \"yyyy-MM-dd HH:mm zzz\")", "2021-08-25 17:23 +02:00")]
    [InlineData("FormatDateTime(\"2021-08-25T17:23:38+02:00\", \"AdjustToUniversal\", \"yyyy-MM-ddTHH:mm:sszzz\", \"yyyy-MM-ddTHH:mm:ssK\")", "2021-08-25T15:23:38Z")]
    [InlineData("FormatDateTime(\"20210825\", , \"yyyyMMdd\", \"yyyy-MM-ddTHH:mm:ssK\")", "2021-08-25T00:00:00Z")]
    [InlineData("Now()", "3/16/2026 7:30:15 AM")]
    public void DateFunction_GivesDocumentedResult(string text, string expected) =>
        Assert.Equal(expected, Eval.Single(text, ("StatusHireDate", "2012-03-16-07:00"), ("ext1", "20150123105347.1Z")));

    [Fact]
    public void DateFunction_GivesSameResult_InAnyCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1/16/2013 7:00:00 AM", Eval.Single("DateAdd(\"m\", 10, CDate(\"2012-03-16T07:00:00Z\"))"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void DateDiff_MatchesVisualBasicDateDiff_ForEveryInterval()
    {
        var random = new Random(11);
        var intervals = new (string Code, DateInterval Interval)[]
        {
            ("yyyy", DateInterval.Year), ("q", DateInterval.Quarter), ("m", DateInterval.Month), ("d", DateInterval.Day),
            ("w", DateInterval.Weekday), ("ww", DateInterval.WeekOfYear), ("h", DateInterval.Hour), ("n", DateInterval.Minute),
            ("s", DateInterval.Second),
        };
        var compiler = Eval.Compiler();
        for (var i = 0; i < 300; i++)
        {
            var d1 = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.NextInt64(0, 30L * 365 * 86400));
            var d2 = d1.AddSeconds(random.NextInt64(-3L * 365 * 86400, 3L * 365 * 86400));
            foreach (var (code, interval) in intervals)
            {
                var expected = DateAndTime.DateDiff(interval, d1, d2, FirstDayOfWeek.Sunday).ToString(CultureInfo.InvariantCulture);
                var actual = compiler.Evaluate($"DateDiff(\"{code}\", \"{d1:O}\", \"{d2:O}\")", Eval.Input()).Text;
                Assert.True(expected == actual, $"DateDiff({code}, {d1:O}, {d2:O}): VB {expected}, ours {actual}");
            }
        }
    }

    [Theory]
    [InlineData("CDate(\"not a date\")", "is not a date")]
    [InlineData("DateAdd(\"x\", 1, \"2021-01-01\")", "is not an interval")]
    [InlineData("DateAdd(\"d\", \"many\", \"2021-01-01\")", "value must be a number")]
    [InlineData("DateAdd(\"yyyy\", 9000, \"2021-01-01\")", "outside the range of dates")]
    [InlineData("DateDiff(\"fortnight\", \"2021-01-01\", \"2021-01-02\")", "is not an interval")]
    [InlineData("DateFromNum(\"soon\")", "must be a whole number")]
    [InlineData("DateFromNum(-5)", "outside the range")]
    [InlineData("NumFromDate(\"1500-01-01\")", "")]
    [InlineData("FormatDateTime(\"2021\", , \"yyyyMMdd\", \"yyyy\")", "does not match the input format")]
    [InlineData("FormatDateTime(\"2021\", \"Sometimes\", \"yyyy\", \"yyyy\")", "not a DateTimeStyles value")]
    [InlineData("FormatDateTime(\"2021\", , \"yyyy\", \"%\")", "not a valid .NET date format")]
    [InlineData("CDate([list])", "")]
    public void DateFunction_Throws_WhenInputIsNotADate(string text, string expected)
    {
        var result = Record.Exception(() => Eval.Value(text, ("list", Eval.List("2021-01-01", "nope"))));

        var error = Assert.IsType<Portal.Provisioning.Expressions.ExpressionException>(result);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DateFunction_GivesNoValue_WhenDateIsNull()
    {
        Eval.None("CDate([missing])");
        Eval.None("DateAdd(\"d\", 1, [missing])");
        Eval.None("DateDiff(\"d\", [missing], \"2021-01-01\")");
        Eval.None("FormatDateTime([missing], , \"yyyy\", \"yyyy\")");
        Eval.None("NumFromDate([missing])");
        Eval.None("DateFromNum([missing])");
    }
}
