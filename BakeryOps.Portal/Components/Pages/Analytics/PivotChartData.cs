using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// A pivot as a chart's labels and series. Along the axis: the leaf rows. Bar, stacked bar and line draw one series per
/// leaf column (of the first measure), or per measure when there are no columns; the donut shares out the first
/// measure's row totals. Blanks draw as zero.
/// </summary>
public sealed record PivotChartData(string[] Labels, List<ChartSeries<double>> Series)
{
    public static PivotChartData From(PivotTableModel model, PivotChartKind kind, Func<object?, string> label)
    {
        var rows = model.Rows.Where(r => r.IsLeaf).ToList();
        string[] labels = [.. rows.Select(r => r.Header.Count == 0 ? "All" : string.Join(" / ", r.Header.Select(label)))];
        if (model.MeasureCount == 0)
        {
            return new PivotChartData(labels, []);
        }

        List<ChartSeries<double>> series;
        if (kind == PivotChartKind.Donut)
        {
            series = [SeriesOf(model.Result.Measures[0].Label, rows.Select(r => model.Value(r.Index, null, 0)))];
        }
        else if (model.HasColumns)
        {
            series =
            [
                .. model.Columns.Where(model.IsLeafColumn).Select(c =>
                    SeriesOf(string.Join(" / ", model.Result.ColumnHeaders[c].Select(label)), rows.Select(r => model.Value(r.Index, c, 0)))),
            ];
        }
        else
        {
            series = [.. model.Result.Measures.Select((m, i) => SeriesOf(m.Label, rows.Select(r => model.Value(r.Index, null, i))))];
        }

        return new PivotChartData(labels, series);
    }

    private static ChartSeries<double> SeriesOf(string name, IEnumerable<object?> values) =>
        new() { Name = name, Data = new ChartData<double>([.. values.Select(v => PivotTableModel.ToDouble(v) ?? 0d)]) };
}
