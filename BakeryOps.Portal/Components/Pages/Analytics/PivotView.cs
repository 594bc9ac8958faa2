using BakeryOps.Domain.Analytics;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// What the pivot page shows: the spec the engine runs, and whether it is drawn as the table or as a chart of which kind.
/// The whole of it lives in the page's address (<see cref="PivotQuery"/>), so a bookmark opens the same view.
/// </summary>
public sealed record PivotView(PivotSpec Spec, PivotDisplay Display = PivotDisplay.Table, PivotChartKind Chart = PivotChartKind.Bar);

public enum PivotDisplay
{
    Table,
    Chart,
}

public enum PivotChartKind
{
    Bar,
    Stacked,
    Line,
    Donut,
}
