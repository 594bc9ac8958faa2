namespace BakeryOps.Domain.Analytics;

/// <summary>
/// A pivot's answer. Headers are lists of values, one per field of the axis; a header shorter than the axis's fields
/// is that group's subtotal and comes before its members. <see cref="Cells"/>[row][column] holds one value per
/// measure (null where nothing was grouped); totals have the same shape. <see cref="OtherLabel"/> heads a top-N's
/// folded rest and null heads blank values.
/// </summary>
public sealed record PivotResult
{
    public const string OtherLabel = "(Other)";

    public required string Dataset { get; init; }
    public required IReadOnlyList<string> RowFields { get; init; }
    public required IReadOnlyList<string> ColumnFields { get; init; }
    public required IReadOnlyList<PivotMeasureInfo> Measures { get; init; }
    public required IReadOnlyList<IReadOnlyList<object?>> RowHeaders { get; init; }
    public required IReadOnlyList<IReadOnlyList<object?>> ColumnHeaders { get; init; }
    public required IReadOnlyList<IReadOnlyList<IReadOnlyList<object?>>> Cells { get; init; }
    public required IReadOnlyList<IReadOnlyList<object?>> RowTotals { get; init; }
    public required IReadOnlyList<IReadOnlyList<object?>> ColumnTotals { get; init; }
    public required IReadOnlyList<object?> GrandTotal { get; init; }

    /// <summary>The zone dates were grouped in (an IANA id).</summary>
    public required string TimeZone { get; init; }

    /// <summary>The date grouping applied, or null.</summary>
    public string? DateGrouping { get; init; }

    public long ElapsedMs { get; init; }
}

/// <summary>A measure of a result: its field, aggregate, the label to show and the unit-less type of its values.</summary>
public sealed record PivotMeasureInfo(string? Field, string Aggregate, string Label, PivotFieldType Type);

/// <summary>One field of a dataset as offered to callers.</summary>
public sealed record PivotFieldInfo(string Name, string Label, PivotFieldType Type, IReadOnlyList<string> Aggregates, bool Groupable, bool IsMainDate);

/// <summary>A dataset as offered to callers.</summary>
public sealed record PivotDatasetInfo(string Name, string Label, string Description, string? MainDate, IReadOnlyList<PivotFieldInfo> Fields);

/// <summary>
/// A cell's coordinates for a drill-through: each row and column field with the header value shown. A value of
/// <see cref="PivotResult.OtherLabel"/> with <see cref="IsOther"/> stands for every value not in <see cref="Shown"/>.
/// </summary>
public sealed record PivotCellKey(string Field, string? Value, bool IsOther = false, IReadOnlyList<string?>? Shown = null);

/// <summary>The rows behind a cell: the dataset's fields (in <see cref="Fields"/> order) for one page of them.</summary>
public sealed record PivotDrillThrough(IReadOnlyList<string> Fields, IReadOnlyList<IReadOnlyList<object?>> Rows, long Total, int Offset, int Size);
