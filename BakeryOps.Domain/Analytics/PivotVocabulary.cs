using System.Text.Json.Serialization;

namespace BakeryOps.Domain.Analytics;

/// <summary>The aggregates a measure may use.</summary>
public static class Aggregates
{
    public const string Sum = "sum";
    public const string Count = "count";
    public const string CountDistinct = "countDistinct";
    public const string Avg = "avg";
    public const string Min = "min";
    public const string Max = "max";

    public static readonly IReadOnlyList<string> All = [Sum, Count, CountDistinct, Avg, Min, Max];

    /// <summary>The canonical name of an aggregate, accepting any case and snake_case; null when unknown.</summary>
    public static string? Normalise(string? name) => name?.Replace("_", "", StringComparison.Ordinal).Trim().ToLowerInvariant() switch
    {
        "sum" => Sum,
        "count" => Count,
        "countdistinct" or "distinctcount" or "distinct" => CountDistinct,
        "avg" or "average" or "mean" => Avg,
        "min" => Min,
        "max" => Max,
        _ => null,
    };
}

/// <summary>The filter operations.</summary>
public static class FilterOps
{
    public const string Equal = "eq";
    public const string NotEqual = "ne";
    public const string In = "in";
    public const string NotIn = "notIn";
    public const string Between = "between";
    public const string AtLeast = "gte";
    public const string AtMost = "lte";
    public const string Contains = "contains";

    /// <summary>A named range of dates in the pivot's zone: <see cref="DateRanges"/>.</summary>
    public const string Range = "range";

    public static readonly IReadOnlyList<string> All = [Equal, NotEqual, In, NotIn, Between, AtLeast, AtMost, Contains, Range];

    public static string? Normalise(string? op) => op?.Trim().ToLowerInvariant() switch
    {
        "eq" or "=" or "equals" => Equal,
        "ne" or "!=" or "<>" => NotEqual,
        "in" => In,
        "notin" or "not_in" or "nin" => NotIn,
        "between" => Between,
        "gte" or ">=" or "from" => AtLeast,
        "lte" or "<=" or "to" => AtMost,
        "contains" or "like" => Contains,
        "range" => Range,
        _ => null,
    };
}

/// <summary>Named date ranges for <see cref="FilterOps.Range"/>, in the pivot's zone.</summary>
public static class DateRanges
{
    public static readonly IReadOnlyList<string> All =
        ["today", "yesterday", "last7Days", "last30Days", "thisWeek", "lastWeek", "thisMonth", "lastMonth", "thisQuarter", "thisYear", "lastYear"];
}

/// <summary>How a date groups.</summary>
public static class DateGroupings
{
    public const string Day = "day";
    public const string Week = "week";
    public const string Month = "month";
    public const string Quarter = "quarter";
    public const string Year = "year";

    public static readonly IReadOnlyList<string> All = [Day, Week, Month, Quarter, Year];

    public static string? Normalise(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "day" or "daily" => Day,
        "week" or "isoweek" or "weekly" => Week,
        "month" or "monthly" => Month,
        "quarter" or "quarterly" => Quarter,
        "year" or "yearly" => Year,
        _ => null,
    };
}

/// <summary>The kinds of value a dataset field holds; they decide the aggregates and filters it allows. Callers see the names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PivotFieldType>))]
public enum PivotFieldType
{
    Text,
    Number,
    Integer,
    Instant,
    Date,
    Boolean,
}
