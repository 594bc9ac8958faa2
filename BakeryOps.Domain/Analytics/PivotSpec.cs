namespace BakeryOps.Domain.Analytics;

/// <summary>
/// What a pivot shows: a dataset, up to <see cref="MaxRows"/> row fields and <see cref="MaxColumns"/> column fields
/// (the dataset's camelCase field names), measures, filters, how dates group, sorting and top-N. The engine checks
/// every name against the dataset's whitelist; nothing in a spec ever becomes SQL text.
/// </summary>
public sealed record PivotSpec
{
    public const int MaxRows = 3;
    public const int MaxColumns = 2;
    public const int MaxMeasures = 8;
    public const int MaxFilters = 20;

    public required string Dataset { get; init; }
    public IReadOnlyList<string> Rows { get; init; } = [];
    public IReadOnlyList<string> Columns { get; init; } = [];
    public IReadOnlyList<PivotMeasure> Measures { get; init; } = [];
    public IReadOnlyList<PivotFilter> Filters { get; init; } = [];

    /// <summary>How date fields in rows or columns group (<see cref="DateGroupings"/>); when no date field is named,
    /// the dataset's main date is added as the last column (or row) field.</summary>
    public string? DateGrouping { get; init; }

    /// <summary>How row groups are ordered at every level; label ascending when null.</summary>
    public PivotSort? Sort { get; init; }

    /// <summary>Keep this many groups per row level (by <see cref="Sort"/>'s value, largest first when sorting by label)
    /// and fold the rest into one "Other" group.</summary>
    public int? TopN { get; init; }

    /// <summary>Subtotal rows (and columns) for every level above the last; on by default.</summary>
    public bool Subtotals { get; init; } = true;

    /// <summary>The zone dates are grouped and filtered in: null or "site" for Site:TimeZone, otherwise an IANA id such as "UTC".</summary>
    public string? TimeZone { get; init; }
}

/// <summary>A measure: a field and how it aggregates. <c>count</c> without a field counts rows.</summary>
public sealed record PivotMeasure(string? Field, string Aggregate);

/// <summary>A filter on a field: <see cref="FilterOps"/> with its values as invariant text (dates as ISO dates or instants).</summary>
public sealed record PivotFilter(string Field, string Op, IReadOnlyList<string?> Values);

/// <summary>Row order: by label or by a measure's value, ascending or descending.</summary>
public sealed record PivotSort(string By = PivotSort.ByLabel, string Direction = PivotSort.Ascending, int Measure = 0)
{
    public const string ByLabel = "label";
    public const string ByValue = "value";
    public const string Ascending = "asc";
    public const string Descending = "desc";
}
