using System.Globalization;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// A pivot result laid out as a table: which rows head groups (and which groups hold a row, for collapsing), the column
/// header rows with their spans, each leaf cell's heat, and the keys a cell's drill-through filters on.
/// </summary>
/// <remarks>
/// The engine lists a group's subtotal (a header shorter than the axis's fields) before its members, depth first; that
/// row is the group's header here. Without column fields the row totals are the table's only values.
/// </remarks>
public sealed class PivotTableModel
{
    private const char KeySeparator = '\u241F';
    private const string BlankKey = "\u2400";

    private readonly Dictionary<int, (double Min, double Max)> _heatRanges = [];

    public PivotTableModel(PivotResult result)
    {
        Result = result;
        RowFieldCount = result.RowFields.Count;
        ColumnFieldCount = result.ColumnFields.Count;
        MeasureCount = result.Measures.Count;
        Columns = HasColumns ? [.. Enumerable.Range(0, result.ColumnHeaders.Count).Where(c => result.ColumnHeaders[c].Count > 0)] : [];
        Rows = BuildRows(result);
        HasGroups = Rows.Any(r => r.IsGroup);
        ColumnHeaderRows = HasColumns ? BuildColumnHeaders() : [];
        for (var m = 0; m < MeasureCount; m++)
        {
            var values = LeafValues(m).ToList();
            if (values.Count > 0)
            {
                _heatRanges[m] = (values.Min(), values.Max());
            }
        }
    }

    public PivotResult Result { get; }
    public int RowFieldCount { get; }
    public int ColumnFieldCount { get; }
    public int MeasureCount { get; }

    /// <summary>Whether the table has column groups; without them each row shows its totals only.</summary>
    public bool HasColumns => ColumnFieldCount > 0;

    /// <summary>Whether some rows head groups (subtotals are on and there is more than one row field).</summary>
    public bool HasGroups { get; }

    /// <summary>The row header's columns: one per row field, and one to label the rows by when there are none.</summary>
    public int RowHeaderColumns => Math.Max(RowFieldCount, 1);

    public IReadOnlyList<PivotTableRow> Rows { get; }

    /// <summary>The result's columns shown, in order (subtotal columns before their members).</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>One header row per column field, each cell spanning the columns (in measure cells) of its group.</summary>
    public IReadOnlyList<IReadOnlyList<PivotHeaderCell>> ColumnHeaderRows { get; }

    public bool IsLeafColumn(int column) => Result.ColumnHeaders[column].Count == ColumnFieldCount;

    /// <summary>
    /// Whether a row shows its own value at this level: a member of a group leaves the value to the group's header row
    /// above it, so each value is written once.
    /// </summary>
    public bool ShowsValueAt(PivotTableRow row, int level) =>
        level < row.Header.Count && (row.IsGroup ? level == row.Level : !row.Ancestors.Contains(PathKey(row.Header.Take(level + 1))));

    /// <summary>The rows shown when the groups with these keys are collapsed.</summary>
    public IEnumerable<PivotTableRow> VisibleRows(IReadOnlySet<string> collapsed) =>
        Rows.Where(r => !r.Ancestors.Any(collapsed.Contains));

    /// <summary>A cell's value; <paramref name="row"/> or <paramref name="column"/> null for the totals.</summary>
    public object? Value(int? row, int? column, int measure) => (row, column) switch
    {
        ({ } r, { } c) => At(Result.Cells, r) is { } cells && At(cells, c) is { } cell ? At(cell, measure) : null,
        ({ } r, null) => At(Result.RowTotals, r) is { } totals ? At(totals, measure) : null,
        (null, { } c) => At(Result.ColumnTotals, c) is { } totals ? At(totals, measure) : null,
        _ => At(Result.GrandTotal, measure),
    };

    /// <summary>
    /// How strongly a leaf cell is shaded, from 0 (the measure's smallest leaf value) to 1 (its largest); null for a
    /// subtotal, a total, a blank or a value that is not a number.
    /// </summary>
    public double? Heat(int row, int? column, int measure)
    {
        if (!Rows[row].IsLeaf || (column is { } c ? !IsLeafColumn(c) : HasColumns) || ToDouble(Value(row, column, measure)) is not { } value
            || !_heatRanges.TryGetValue(measure, out var range))
        {
            return null;
        }

        return range.Max > range.Min ? (value - range.Min) / (range.Max - range.Min) : 1d;
    }

    /// <summary>The keys of the rows behind a cell: the row's and the column's header values, "(Other)" as the rest.</summary>
    public IReadOnlyList<PivotCellKey> KeysOf(int? row, int? column)
    {
        var keys = new List<PivotCellKey>();
        if (row is { } r)
        {
            keys.AddRange(KeysOf(Result.RowFields, Result.RowHeaders, r));
        }

        if (column is { } c)
        {
            keys.AddRange(KeysOf(Result.ColumnFields, Result.ColumnHeaders, c));
        }

        return keys;
    }

    /// <summary>A header value as a drill-through key and an engine filter read it: invariant text.</summary>
    public static string? KeyText(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A key for a header path that tells blanks from empty text, used to remember collapsed groups.</summary>
    public static string PathKey(IEnumerable<object?> values) =>
        string.Join(KeySeparator, values.Select(v => KeyText(v) is { } text ? text.Replace(BlankKey, BlankKey + BlankKey, StringComparison.Ordinal) : BlankKey));

    public static double? ToDouble(object? value) => value switch
    {
        decimal d => (double)d,
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        short s => s,
        _ => null,
    };

    private static IEnumerable<PivotCellKey> KeysOf(IReadOnlyList<string> fields, IReadOnlyList<IReadOnlyList<object?>> headers, int index)
    {
        var header = headers[index];
        for (var level = 0; level < header.Count && level < fields.Count; level++)
        {
            var value = header[level];
            if (value is string text && text == PivotResult.OtherLabel)
            {
                // "(Other)" is every value of this level, within the same parent group, that the table shows no row for.
                var parent = header.Take(level).ToList();
                var shown = headers
                    .Where(h => h.Count > level && h.Take(level).SequenceEqual(parent) && !(h[level] is string s && s == PivotResult.OtherLabel))
                    .Select(h => KeyText(h[level]))
                    .Distinct()
                    .ToList();
                yield return new PivotCellKey(fields[level], PivotResult.OtherLabel, IsOther: true, Shown: shown);
            }
            else
            {
                yield return new PivotCellKey(fields[level], KeyText(value));
            }
        }
    }

    private static T? At<T>(IReadOnlyList<T> list, int index)
        where T : class? => index < list.Count ? list[index] : null;

    private static object? At(IReadOnlyList<object?> list, int index) => index < list.Count ? list[index] : null;

    private List<PivotTableRow> BuildRows(PivotResult result)
    {
        var groupKeys = new HashSet<string>();
        var rows = new List<PivotTableRow>(result.RowHeaders.Count);
        for (var r = 0; r < result.RowHeaders.Count; r++)
        {
            var header = result.RowHeaders[r];
            var isGroup = header.Count < RowFieldCount;
            var key = PathKey(header);
            // A group's header row comes before its members, so its key is known when they are reached.
            var ancestors = Enumerable.Range(0, header.Count)
                .Select(length => PathKey(header.Take(length)))
                .Where(groupKeys.Contains)
                .ToList();
            if (isGroup)
            {
                groupKeys.Add(key);
            }

            rows.Add(new PivotTableRow(r, header, isGroup, key, ancestors));
        }

        return rows;
    }

    private List<IReadOnlyList<PivotHeaderCell>> BuildColumnHeaders()
    {
        var levels = new List<IReadOnlyList<PivotHeaderCell>>();
        for (var level = 0; level < ColumnFieldCount; level++)
        {
            var cells = new List<PivotHeaderCell>();
            foreach (var c in Columns)
            {
                var header = Result.ColumnHeaders[c];
                if (header.Count == level)
                {
                    // A group's subtotal column: its label stands below the group's own cell, down to the last header row.
                    cells.Add(new PivotHeaderCell(c, null, IsTotal: true, Span: 1, RowSpan: ColumnFieldCount - level));
                }
                else if (header.Count > level)
                {
                    var previous = cells.Count > 0 ? cells[^1] : null;
                    if (previous is { IsTotal: false } && Result.ColumnHeaders[previous.Column].Count > level
                        && Result.ColumnHeaders[previous.Column].Take(level + 1).SequenceEqual(header.Take(level + 1)))
                    {
                        cells[^1] = previous with { Span = previous.Span + 1 };
                    }
                    else
                    {
                        cells.Add(new PivotHeaderCell(c, header[level], IsTotal: false, Span: 1, RowSpan: 1));
                    }
                }
            }

            levels.Add(cells);
        }

        return levels;
    }

    private IEnumerable<double> LeafValues(int measure)
    {
        foreach (var row in Rows.Where(r => r.IsLeaf))
        {
            var columns = HasColumns ? Columns.Where(IsLeafColumn).Select(c => (int?)c) : [null];
            foreach (var column in columns)
            {
                if (ToDouble(Value(row.Index, column, measure)) is { } value)
                {
                    yield return value;
                }
            }
        }
    }
}

/// <summary>A row of the table: the result's row index, its header values, and the keys of the groups that hold it.</summary>
public sealed record PivotTableRow(int Index, IReadOnlyList<object?> Header, bool IsGroup, string Key, IReadOnlyList<string> Ancestors)
{
    public bool IsLeaf => !IsGroup;

    /// <summary>The row header column its own value stands in.</summary>
    public int Level => Math.Max(Header.Count - 1, 0);
}

/// <summary>
/// A cell of a column header row: the first result column it covers, the value it shows (a total's cell shows none),
/// and how many result columns and header rows it spans.
/// </summary>
public sealed record PivotHeaderCell(int Column, object? Value, bool IsTotal, int Span, int RowSpan);
