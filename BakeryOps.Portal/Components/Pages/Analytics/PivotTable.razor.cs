using System.Globalization;
using BakeryOps.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace BakeryOps.Portal.Components.Pages.Analytics;

public sealed partial class PivotTable
{
    // Header rows have a fixed height (pivot.css), so each row knows where to stick; row header columns a fixed width.
    private const double HeaderRowRem = 2.25;
    private const double RowHeaderRem = 12;

    private readonly HashSet<string> _collapsed = [];

    [Inject] private TimeDisplay Time { get; set; } = default!;

    [Parameter, EditorRequired] public PivotTableModel Model { get; set; } = default!;

    /// <summary>A field's label for the corner cell; the field's name by default.</summary>
    [Parameter] public Func<string, string>? FieldLabel { get; set; }

    /// <summary>A cell was clicked: its row and column (null for the totals) and measure.</summary>
    [Parameter] public EventCallback<PivotCellRef> OnCellClick { get; set; }

    private int MeasureRowCount => !Model.HasColumns || Model.MeasureCount > 1 ? 1 : 0;

    private int HeaderRowCount => Model.ColumnFieldCount + MeasureRowCount;

    private IEnumerable<int> MeasureColumns => Model.Columns;

    private string CornerText
    {
        get
        {
            var label = FieldLabel ?? (f => f);
            var rows = string.Join(" › ", Model.Result.RowFields.Select(label));
            // With one measure there is no measure row: the corner names it.
            return Model.MeasureCount == 1 && Model.HasColumns ? $"{rows} · {Model.Result.Measures[0].Label}".TrimStart(' ', '·') : rows;
        }
    }

    private static string Top(int headerRow) => $"top: {(headerRow * HeaderRowRem).ToString(CultureInfo.InvariantCulture)}rem";

    private static string Left(int level) => $"left: {(level * RowHeaderRem).ToString(CultureInfo.InvariantCulture)}rem";

    private static string? HeatText(double? heat) => heat?.ToString("0.###", CultureInfo.InvariantCulture);

    // A floor keeps the smallest value visibly shaded; the ceiling keeps dark text readable on the largest.
    private static string? HeatStyle(double? heat) => heat is { } h
        ? $"background-color: rgba(var(--mud-palette-primary-rgb), {(0.06 + 0.5 * h).ToString("0.###", CultureInfo.InvariantCulture)})"
        : null;

    private void Toggle(string key)
    {
        if (!_collapsed.Remove(key))
        {
            _collapsed.Add(key);
        }
    }

    private void ExpandAll() => _collapsed.Clear();

    private void CollapseAll() => _collapsed.UnionWith(Model.Rows.Where(r => r.IsGroup).Select(r => r.Key));
}

/// <summary>A clicked cell: its result row and column (null for a total) and measure.</summary>
public sealed record PivotCellRef(int? Row, int? Column, int Measure);
