using System.Globalization;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Date buckets as numbers both providers compute the same way (day: the day number; week: its Monday's day number;
/// month: yyyymm; quarter: yyyyq; year: yyyy), their labels, and local days and named ranges in a zone.
/// </summary>
internal static class PivotDates
{
    public static long Key(string bucket, DateOnly date) => bucket switch
    {
        DateGroupings.Day => date.DayNumber,
        DateGroupings.Week => date.DayNumber - (date.DayNumber % 7),
        DateGroupings.Month => (date.Year * 100L) + date.Month,
        DateGroupings.Quarter => (date.Year * 10L) + ((date.Month + 2) / 3),
        DateGroupings.Year => date.Year,
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, null),
    };

    /// <summary>The first day of a bucket.</summary>
    public static DateOnly Start(string bucket, long key) => bucket switch
    {
        DateGroupings.Day or DateGroupings.Week => DateOnly.FromDayNumber((int)key),
        DateGroupings.Month => new DateOnly((int)(key / 100), (int)(key % 100), 1),
        DateGroupings.Quarter => new DateOnly((int)(key / 10), ((int)(key % 10) * 3) - 2, 1),
        DateGroupings.Year => new DateOnly((int)key, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, null),
    };

    public static string Label(string bucket, long key)
    {
        var start = Start(bucket, key);
        return bucket switch
        {
            DateGroupings.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateGroupings.Week => FormattableString.Invariant($"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):00}"),
            DateGroupings.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            DateGroupings.Quarter => FormattableString.Invariant($"{start.Year}-Q{(start.Month + 2) / 3}"),
            _ => start.Year.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The bucket key a label names, or null when it is not a label of that bucket.</summary>
    public static long? ParseLabel(string bucket, string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var text = label.Trim();
        var invariant = CultureInfo.InvariantCulture;
        switch (bucket)
        {
            case DateGroupings.Day when DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var day):
                return day.DayNumber;
            case DateGroupings.Week when text.Length is 8 && text[4..6] == "-W"
                && int.TryParse(text[..4], NumberStyles.None, invariant, out var year) && int.TryParse(text[6..], NumberStyles.None, invariant, out var week)
                && year is >= 1 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year):
                return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)).DayNumber;
            case DateGroupings.Month when DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", invariant, DateTimeStyles.None, out var month):
                return Key(DateGroupings.Month, month);
            case DateGroupings.Quarter when text.Length is 7 && text[4..6] == "-Q"
                && int.TryParse(text[..4], NumberStyles.None, invariant, out var qYear) && text[6] is >= '1' and <= '4' && qYear >= 1:
                return (qYear * 10L) + (text[6] - '0');
            case DateGroupings.Year when text.Length is 4 && int.TryParse(text, NumberStyles.None, invariant, out var y) && y >= 1:
                return y;
            default:
                return null;
        }
    }

    /// <summary>The instant a local day begins in a zone (the first valid local time where midnight is skipped).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A named range as local days [from, to), or null when the name is unknown.</summary>
    public static (DateOnly From, DateOnly To)? Range(string name, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = new DateOnly(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1);
        var year = new DateOnly(today.Year, 1, 1);
        return name.Trim().ToLowerInvariant() switch
        {
            "today" => (today, today.AddDays(1)),
            "yesterday" => (today.AddDays(-1), today),
            "last7days" => (today.AddDays(-6), today.AddDays(1)),
            "last30days" => (today.AddDays(-29), today.AddDays(1)),
            "thisweek" => (monday, monday.AddDays(7)),
            "lastweek" => (monday.AddDays(-7), monday),
            "thismonth" => (month, month.AddMonths(1)),
            "lastmonth" => (month.AddMonths(-1), month),
            "thisquarter" => (quarter, quarter.AddMonths(3)),
            "thisyear" => (year, year.AddYears(1)),
            "lastyear" => (year.AddYears(-1), year),
            _ => null,
        };
    }

    /// <summary>
    /// The zone's UTC offsets over [from, to] as (first instant, offset) from the earliest, found day by day and then
    /// to the minute, for SQLite, which has no zone database.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset Since, TimeSpan Offset)> Offsets(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<(DateTimeOffset, TimeSpan)> { (DateTimeOffset.MinValue, zone.GetUtcOffset(from)) };
        var offset = zone.GetUtcOffset(from);
        for (var day = from; day < to.AddDays(1); day = day.AddDays(1))
        {
            var next = day.AddDays(1);
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset == offset)
            {
                continue;
            }

            // The change lies in (day, next]: narrow it to the minute.
            var (low, high) = (day, next);
            while (high - low > TimeSpan.FromMinutes(1))
            {
                var middle = low + ((high - low) / 2);
                (low, high) = zone.GetUtcOffset(middle) == offset ? (middle, high) : (low, middle);
            }

            var since = new DateTimeOffset(high.UtcTicks - (high.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            result.Add((since, nextOffset));
            offset = nextOffset;
        }

        return result;
    }
}
