using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Turns grouped rows into a pivot: folds top-N rests into "Other", adds leaf groups up into subtotals and totals
/// (or takes them from the database's grouping sets), orders each level and lays out headers, cells and totals.
/// </summary>
internal sealed class PivotFolder(PivotPlan plan)
{
    private readonly Dictionary<(PivotKey Row, PivotKey Column), PivotCell> _cells = [];
    private readonly IReadOnlyList<PivotMeasurePlan> _measures = plan.Measures;
    private readonly int _rows = plan.Rows.Count;
    private readonly int _columns = plan.Columns.Count;

    /// <summary>Every subtotal level of an axis, from the grand total (0) to the leaves.</summary>
    public static IEnumerable<int> Levels(int fields) => Enumerable.Range(0, fields + 1);

    /// <summary>Puts one group the database computed (a leaf, or any grouping set when measures do not add up).</summary>
    public void Put(PivotKey row, PivotKey column, PivotCell cell) => _cells[(row, column)] = cell;

    /// <summary>Adds the leaf groups up into every subtotal level, after folding the top-N rest.</summary>
    public void RollUp()
    {
        var leaves = _cells.ToList();
        if (plan.TopN is { } topN)
        {
            leaves = FoldRest(leaves, topN);
        }

        _cells.Clear();
        foreach (var ((row, column), cell) in leaves)
        {
            foreach (var r in Levels(_rows))
            {
                foreach (var c in Levels(_columns))
                {
                    var key = (row.Prefix(r), column.Prefix(c));
                    if (!_cells.TryGetValue(key, out var total))
                    {
                        _cells[key] = total = new PivotCell(_measures.Count);
                    }

                    total.Add(cell, _measures);
                }
            }
        }
    }

    // Level by level, the groups under one parent beyond the first N (in the sort's order by value, or largest first)
    // become that parent's "Other"; their members merge by value under it.
    private List<KeyValuePair<(PivotKey Row, PivotKey Column), PivotCell>> FoldRest(
        List<KeyValuePair<(PivotKey Row, PivotKey Column), PivotCell>> leaves, int topN)
    {
        for (var level = 0; level < _rows; level++)
        {
            var totals = new Dictionary<PivotKey, PivotCell>();
            foreach (var ((row, _), cell) in leaves)
            {
                var prefix = row.Prefix(level + 1);
                if (!totals.TryGetValue(prefix, out var total))
                {
                    totals[prefix] = total = new PivotCell(_measures.Count);
                }

                total.Add(cell, _measures);
            }

            var kept = new HashSet<PivotKey>();
            foreach (var siblings in totals.GroupBy(t => t.Key.Prefix(level)))
            {
                var ranked = plan.Sort.By == PivotSort.ByValue && plan.Sort.Direction == PivotSort.Ascending
                    ? siblings.OrderBy(s => s.Value.Rank(plan.Sort.Measure, _measures) ?? decimal.MaxValue)
                    : siblings.OrderByDescending(s => s.Value.Rank(plan.Sort.Measure, _measures) ?? decimal.MinValue);
                kept.UnionWith(ranked.ThenBy(s => s.Key[level], Comparer<object?>.Create(PivotKey.ComparePart)).Take(topN).Select(s => s.Key));
            }

            var folded = new Dictionary<(PivotKey, PivotKey), PivotCell>();
            foreach (var ((row, column), cell) in leaves)
            {
                var mapped = kept.Contains(row.Prefix(level + 1)) ? row : row.With(level, PivotKey.Other);
                if (!folded.TryGetValue((mapped, column), out var merged))
                {
                    folded[(mapped, column)] = merged = new PivotCell(_measures.Count);
                }

                merged.Add(cell, _measures);
            }

            leaves = [.. folded];
        }

        return leaves;
    }

    public PivotResult Result(Func<int, object?, object?> rowLabel, Func<int, object?, object?> columnLabel, TimeZoneInfo zone, long elapsedMs)
    {
        var rowKeys = Headers(_rows, k => k.Row, k => k.Column, sortByValue: true);
        var columnKeys = Headers(_columns, k => k.Column, k => k.Row, sortByValue: false);
        IReadOnlyList<object?> Values(PivotKey row, PivotKey column) =>
            _cells.TryGetValue((row, column), out var cell) ? cell.Values(_measures) : new object?[_measures.Count];

        return new PivotResult
        {
            Dataset = plan.Dataset.Name,
            RowFields = [.. plan.Rows.Select(r => r.Field.Name)],
            ColumnFields = [.. plan.Columns.Select(c => c.Field.Name)],
            Measures = [.. _measures.Select(m => m.Info)],
            RowHeaders = [.. rowKeys.Select(k => Header(k, rowLabel))],
            ColumnHeaders = [.. columnKeys.Select(k => Header(k, columnLabel))],
            Cells = [.. rowKeys.Select(r => (IReadOnlyList<IReadOnlyList<object?>>)[.. columnKeys.Select(c => Values(r, c))])],
            RowTotals = [.. rowKeys.Select(r => Values(r, PivotKey.Empty))],
            ColumnTotals = [.. columnKeys.Select(c => Values(PivotKey.Empty, c))],
            // Nothing matched: the total counts zero rows (and sums nothing), as SQL's would.
            GrandTotal = _cells.TryGetValue((PivotKey.Empty, PivotKey.Empty), out var total)
                ? total.Values(_measures)
                : new PivotCell(_measures.Count).Values(_measures),
            TimeZone = zone.Id,
            DateGrouping = plan.DateGrouping,
            ElapsedMs = elapsedMs,
        };
    }

    private static IReadOnlyList<object?> Header(PivotKey key, Func<int, object?, object?> label) =>
        [.. Enumerable.Range(0, key.Length).Select(i => key[i] == PivotKey.Other ? PivotResult.OtherLabel : label(i, key[i]))];

    // Depth first: a subtotal before its members; siblings by label, or rows by the sort measure's value.
    private List<PivotKey> Headers(int fields, Func<(PivotKey Row, PivotKey Column), PivotKey> own, Func<(PivotKey Row, PivotKey Column), PivotKey> other, bool sortByValue)
    {
        if (fields == 0)
        {
            return [PivotKey.Empty];
        }

        var byValue = sortByValue && plan.Sort.By == PivotSort.ByValue;
        var descending = sortByValue && plan.Sort.Direction == PivotSort.Descending;
        var keys = _cells.Keys.Where(k => other(k).Length == 0).Select(own).Where(k => k.Length > 0).Distinct().ToList();
        var children = keys.GroupBy(k => k.Prefix(k.Length - 1)).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<PivotKey>();
        Visit(PivotKey.Empty);
        return result;

        void Visit(PivotKey parent)
        {
            if (!children.TryGetValue(parent, out var members))
            {
                return;
            }

            var level = parent.Length;
            var labelOrder = Comparer<PivotKey>.Create((a, b) => PivotKey.ComparePart(a[level], b[level]));
            IEnumerable<PivotKey> ordered = byValue
                ? members
                    .OrderBy(k => k[level] == PivotKey.Other ? 1 : 0)
                    .ThenBy(k => Rank(k) is { } v ? descending ? -v : v : decimal.MaxValue)
                    .ThenBy(k => k, labelOrder)
                : descending
                    ? members.OrderBy(k => k[level] == PivotKey.Other ? 1 : 0).ThenByDescending(k => k, labelOrder)
                    : members.OrderBy(k => k, labelOrder);
            foreach (var key in ordered)
            {
                if (key.Length == fields || plan.Subtotals)
                {
                    result.Add(key);
                }

                Visit(key);
            }
        }

        decimal? Rank(PivotKey key) => _cells.TryGetValue((key, PivotKey.Empty), out var cell) ? cell.Rank(plan.Sort.Measure, _measures) : null;
    }
}
