using System.Globalization;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// The local days a date bucket's label covers, first and last inclusive: "2026-03-14" (day), "2026-W11" (ISO week,
/// Monday to Sunday), "2026-03" (month), "2026-Q1" (quarter), "2026" (year). The labels are the engine's; a grid's
/// date-range filter takes the days back in the zone the pivot grouped them in.
/// </summary>
public static class PivotBucketDays
{
    /// <summary>The days of <paramref name="label"/> under <paramref name="grouping"/> (day when null), or null when the
    /// label is not one of that grouping's (a blank, "(Other)", a typo).</summary>
    public static (DateOnly First, DateOnly Last)? Of(string? grouping, string? label)
    {
        var bucket = grouping is null ? DateGroupings.Day : DateGroupings.Normalise(grouping);
        if (bucket is null || string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var text = label.Trim();
        var invariant = CultureInfo.InvariantCulture;
        switch (bucket)
        {
            case DateGroupings.Day when DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var day):
                return (day, day);
            case DateGroupings.Week when text.Length == 8 && text[4..6] == "-W"
                && TryNumber(text[..4], out var weekYear) && TryNumber(text[6..], out var week)
                && weekYear is >= 1 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(weekYear):
                var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(weekYear, week, DayOfWeek.Monday));
                return (monday, monday.AddDays(6));
            case DateGroupings.Month when DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", invariant, DateTimeStyles.None, out var first):
                return (first, first.AddMonths(1).AddDays(-1));
            case DateGroupings.Quarter when text.Length == 7 && text[4..6] == "-Q" && TryNumber(text[..4], out var quarterYear)
                && quarterYear is >= 1 and <= 9999 && text[6] is >= '1' and <= '4':
                var start = new DateOnly(quarterYear, ((text[6] - '1') * 3) + 1, 1);
                return (start, start.AddMonths(3).AddDays(-1));
            case DateGroupings.Year when text.Length == 4 && TryNumber(text, out var year) && year >= 1:
                return (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            default:
                return null;
        }
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
