using BakeryOps.Portal.Components.Pages.Analytics;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>A date bucket's label as the first and last local day it covers, as the movements grid's filter takes them.</summary>
public sealed class PivotBucketDaysTests
{
    [Theory]
    [InlineData("day", "2026-03-14", "2026-03-14", "2026-03-14")]
    [InlineData(null, "2026-03-14", "2026-03-14", "2026-03-14")]
    [InlineData("week", "2026-W11", "2026-03-09", "2026-03-15")]
    [InlineData("week", "2026-W01", "2025-12-29", "2026-01-04")]
    [InlineData("week", "2020-W53", "2020-12-28", "2021-01-03")]
    [InlineData("month", "2026-02", "2026-02-01", "2026-02-28")]
    [InlineData("month", "2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("Monthly", "2026-12", "2026-12-01", "2026-12-31")]
    [InlineData("quarter", "2026-Q1", "2026-01-01", "2026-03-31")]
    [InlineData("quarter", "2026-Q4", "2026-10-01", "2026-12-31")]
    [InlineData("year", "2026", "2026-01-01", "2026-12-31")]
    public void Of_WhenTheLabelIsTheGroupingsOwn_ThenItsFirstAndLastDay(string? grouping, string label, string first, string last)
    {
        PivotBucketDays.Of(grouping, label).Should().Be((DateOnly.Parse(first), DateOnly.Parse(last)));
    }

    [Theory]
    [InlineData("month", null)]
    [InlineData("month", "")]
    [InlineData("month", "(Other)")]
    [InlineData("month", "2026-13")]
    [InlineData("month", "2026-03-14")]
    [InlineData("day", "2026-02-30")]
    [InlineData("week", "2026-W54")]
    [InlineData("week", "2026-W00")]
    [InlineData("week", "2026-03")]
    [InlineData("quarter", "2026-Q5")]
    [InlineData("year", "26")]
    [InlineData("year", "-202")]
    [InlineData("fortnight", "2026-03")]
    public void Of_WhenTheLabelIsNotTheGroupingsOwn_ThenNull(string grouping, string? label)
    {
        PivotBucketDays.Of(grouping, label).Should().BeNull();
    }
}
