using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>A spec checked against its dataset: resolved fields, typed filter conditions and the zone.</summary>
internal sealed record PivotPlan(
    PivotDataset Dataset,
    IReadOnlyList<PivotAxisField> Rows,
    IReadOnlyList<PivotAxisField> Columns,
    IReadOnlyList<PivotMeasurePlan> Measures,
    IReadOnlyList<PivotCondition> Conditions,
    PivotSort Sort,
    int? TopN,
    bool Subtotals,
    TimeZoneInfo Zone,
    string? DateGrouping)
{
    /// <summary>Whether every measure can be added up from the leaf groups (count distinct cannot).</summary>
    public bool Decomposable => Measures.All(m => m.Aggregate != Aggregates.CountDistinct);
}

/// <summary>A row or column field; dates carry their grouping.</summary>
internal sealed record PivotAxisField(PivotField Field, string? Bucket);

/// <summary>A measure: its field (null counts rows), aggregate, label and the type of its values.</summary>
internal sealed record PivotMeasurePlan(PivotField? Field, string Aggregate, string Label, PivotFieldType Type)
{
    public PivotMeasureInfo Info => new(Field?.Name, Aggregate, Label, Type);
}

/// <summary>A typed condition on a field's stored value (or on a date field's bucket).</summary>
internal abstract record PivotCondition(PivotField Field);

/// <summary><c>field op value</c> with op one of = &lt;&gt; &gt;= &lt;= &lt;; the value is typed for the field.</summary>
internal sealed record CompareCondition(PivotField Field, string Operator, object Value) : PivotCondition(Field);

/// <summary><c>field [NOT] IN (values)</c>, with nulls among the values meaning "or blank".</summary>
internal sealed record InCondition(PivotField Field, IReadOnlyList<object?> Values, bool Negate) : PivotCondition(Field);

/// <summary><c>field IS [NOT] NULL</c>.</summary>
internal sealed record NullCondition(PivotField Field, bool Negate) : PivotCondition(Field);

/// <summary>An instant outside [from, to): before it or at its end and after (or blank).</summary>
internal sealed record OutsideCondition(PivotField Field, DateTimeOffset From, DateTimeOffset To) : PivotCondition(Field);

/// <summary>Text containing a fragment, any case.</summary>
internal sealed record ContainsCondition(PivotField Field, string Fragment) : PivotCondition(Field);

/// <summary>A date field's bucket (in the plan's zone) equal to, or not among, bucket keys.</summary>
internal sealed record BucketCondition(PivotField Field, string Bucket, IReadOnlyList<long> Keys, bool Negate) : PivotCondition(Field);
