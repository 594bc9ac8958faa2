using BakeryOps.Domain.Analytics;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>How the pivot page names filter operations and date ranges, and which operations fit a field's type.</summary>
public static class PivotFilterText
{
    private static readonly IReadOnlyList<string> TextOps = [FilterOps.Equal, FilterOps.NotEqual, FilterOps.In, FilterOps.NotIn, FilterOps.Contains];
    private static readonly IReadOnlyList<string> NumberOps =
        [FilterOps.Equal, FilterOps.NotEqual, FilterOps.In, FilterOps.NotIn, FilterOps.Between, FilterOps.AtLeast, FilterOps.AtMost];
    private static readonly IReadOnlyList<string> DateOps = [FilterOps.Range, FilterOps.Between, FilterOps.AtLeast, FilterOps.AtMost, FilterOps.Equal];
    private static readonly IReadOnlyList<string> BooleanOps = [FilterOps.Equal, FilterOps.NotEqual];

    /// <summary>The operations offered for a field of this type, and the current one if it is not among them.</summary>
    public static IReadOnlyList<string> OpsFor(PivotFieldType? type, string? current)
    {
        var ops = type switch
        {
            PivotFieldType.Number or PivotFieldType.Integer => NumberOps,
            PivotFieldType.Date or PivotFieldType.Instant => DateOps,
            PivotFieldType.Boolean => BooleanOps,
            _ => TextOps,
        };
        return current is null || ops.Contains(current) ? ops : [.. ops, current];
    }

    public static string OpLabel(string op) => op switch
    {
        FilterOps.Equal => "equals",
        FilterOps.NotEqual => "is not",
        FilterOps.In => "is one of",
        FilterOps.NotIn => "is none of",
        FilterOps.Between => "between",
        FilterOps.AtLeast => "from",
        FilterOps.AtMost => "up to",
        FilterOps.Contains => "contains",
        FilterOps.Range => "in",
        _ => op,
    };

    public static string RangeLabel(string range) => range switch
    {
        "today" => "Today",
        "yesterday" => "Yesterday",
        "last7Days" => "Last 7 days",
        "last30Days" => "Last 30 days",
        "thisWeek" => "This week",
        "lastWeek" => "Last week",
        "thisMonth" => "This month",
        "lastMonth" => "Last month",
        "thisQuarter" => "This quarter",
        "thisYear" => "This year",
        "lastYear" => "Last year",
        _ => range,
    };

    /// <summary>A filter as its chip reads: "Movement type equals USAGE", "Date in last month".</summary>
    public static string Describe(PivotFilter filter, string fieldLabel)
    {
        var values = filter.Values.Select(v => v is null ? PivotFormat.Blank : filter.Op == FilterOps.Range ? RangeLabel(v).ToLowerInvariant() : v);
        var text = filter.Op == FilterOps.Between ? string.Join(" and ", values) : string.Join(", ", values);
        return $"{fieldLabel} {OpLabel(filter.Op)} {text}".TrimEnd();
    }
}
