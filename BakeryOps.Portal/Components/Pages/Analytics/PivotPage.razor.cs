using System.Text.RegularExpressions;
using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// The pivot page: selectors build a <see cref="PivotSpec"/>, every change is written to the address (so the view can
/// be bookmarked and shared) and runs the pivot again; the result shows as a table or a chart, and any cell opens the
/// rows behind it.
/// </summary>
public sealed partial class PivotPage : PortalPage
{
    private const string RowsChoice = "*";
    private const string NoneChoice = "";
    private const string SortLabelAsc = "label:asc";
    private const string SortLabelDesc = "label:desc";
    private const int DrillPageSize = 50;

    private IReadOnlyList<PivotDatasetInfo> _datasets = [];
    private PivotView? _view;
    private IReadOnlyList<string> _problems = [];
    private PivotTableModel? _model;
    private PivotSpec? _ranSpec;
    private CancellationTokenSource? _run;
    private bool _running;
    private int? _editingFilter;
    private bool _drillOpen;
    private DrillState? _drill;
    private bool _left;
    private IReadOnlyList<SavedPivotViewInfo> _savedViews = [];

    private enum Axis
    {
        Rows,
        Columns,
    }

    [Inject] private PivotService Pivot { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override string PageName => "Pivot";

    private PivotDatasetInfo? Dataset => _view is null ? null : _datasets.FirstOrDefault(d => d.Name == _view.Spec.Dataset);

    /// <summary>The page's own path ("pivot" or "analytics"), which its addresses keep.</summary>
    private string PagePath => Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];

    /// <summary>The downloads' name: the saved view's name when one is shown, otherwise the dataset and axes.</summary>
    private string FileName
    {
        get
        {
            var query = PivotQuery.Format(_view!);
            if (_savedViews.FirstOrDefault(v => v.Query == query) is { } saved)
            {
                return SafeFileName(saved.Name);
            }

            var spec = _view!.Spec;
            var name = string.Join("-", new[] { "pivot", spec.Dataset, string.Join("-", spec.Rows) }
                .Concat(spec.Columns.Count > 0 ? ["by", string.Join("-", spec.Columns)] : [])
                .Append(spec.DateGrouping ?? "")
                .Where(p => p.Length > 0));
            return SafeFileName(name);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        await RunAsync(() =>
        {
            _datasets = Pivot.Datasets;
            return Task.CompletedTask;
        });
        if (_datasets.Count > 0)
        {
            await LoadAddressAsync(Navigation.Uri);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Navigation.LocationChanged += OnLocationChanged;
        }
    }

    /// <summary>Shows the view an address describes (a bookmark, a saved view, the browser's back button) and runs it.</summary>
    private async Task LoadAddressAsync(string uri)
    {
        var parsed = PivotQuery.Parse(new Uri(uri).Query);
        var problems = parsed.Problems.ToList();
        var view = parsed.View;
        if (view is not null && _datasets.All(d => d.Name != view.Spec.Dataset))
        {
            problems.Add($"There is no dataset '{view.Spec.Dataset}'; the page starts from {_datasets[0].Label}.");
            view = null;
        }

        _view = view ?? DefaultView();
        _problems = problems;
        _editingFilter = null;
        // The prerendered page is replaced as soon as the circuit starts: the pivot runs once, there.
        if (RendererInfo.IsInteractive)
        {
            await RunPivotAsync();
        }
    }

    private PivotView DefaultView()
    {
        var dataset = _datasets.FirstOrDefault(d => d.Name == "movements") ?? _datasets[0];
        return new PivotView(new PivotSpec { Dataset = dataset.Name, Measures = [new PivotMeasure(null, Aggregates.Count)] });
    }

    /// <summary>Makes <paramref name="view"/> the page's: writes it to the address, and runs the pivot if its spec changed.</summary>
    private async Task ApplyAsync(PivotView view)
    {
        var specChanged = _view is null || SpecText(_view) != SpecText(view);
        _view = view;
        _problems = [];
        Navigation.NavigateTo($"{PagePath}?{PivotQuery.Format(view)}", replace: true);
        if (specChanged)
        {
            await RunPivotAsync();
        }
    }

    private Task UpdateSpecAsync(Func<PivotSpec, PivotSpec> change) => ApplyAsync(_view! with { Spec = change(_view.Spec) });

    private static string SpecText(PivotView view) => PivotQuery.Format(view with { Display = PivotDisplay.Table, Chart = PivotChartKind.Bar });

    /// <summary>The spec as the engine runs it: in the zone the portal shows times in, unless the address names one.</summary>
    private PivotSpec Effective(PivotSpec spec) => spec with { TimeZone = spec.TimeZone ?? Dates.ZoneId };

    private async Task RunPivotAsync()
    {
        // A newer change replaces a pivot still running: only the last one's answer is shown.
        _run?.Cancel();
        var run = _run = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var spec = Effective(_view!.Spec);
        _running = true;
        try
        {
            await RunAsync(async () =>
            {
                var result = await Pivot.RunAsync(spec, run.Token);
                run.Token.ThrowIfCancellationRequested();
                _model = new PivotTableModel(result);
                _ranSpec = spec;
            });
        }
        finally
        {
            if (_run == run)
            {
                _running = false;
                if (Error is not null)
                {
                    // A stale table under a refusal would read as the answer to the new spec.
                    _model = null;
                }
            }
            else
            {
                run.Dispose();
            }
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) =>
        InvokeAsync(async () =>
        {
            var path = Navigation.ToBaseRelativePath(e.Location).Split('?', '#')[0];
            if (_left || _datasets.Count == 0 || path is not ("pivot" or "analytics"))
            {
                return;
            }

            // The page's own replace of the address comes back here too: only another view is loaded.
            var parsed = PivotQuery.Parse(new Uri(e.Location).Query);
            if (_view is not null && parsed.View is { } view && PivotQuery.Format(view) == PivotQuery.Format(_view))
            {
                return;
            }

            await LoadAddressAsync(e.Location);
            StateHasChanged();
        });

    // Dates group in the shown zone unless the address fixes one; shown instants follow the zone either way.
    protected override async Task OnShownZoneChangedAsync()
    {
        if (_view is { Spec.TimeZone: null } && RendererInfo.IsInteractive)
        {
            await RunPivotAsync();
        }
    }

    private Task SetDisplayAsync(PivotDisplay display) => ApplyAsync(_view! with { Display = display });

    private Task SetChartAsync(PivotChartKind chart) => ApplyAsync(_view! with { Chart = chart });

    private Task SetDatasetAsync(string dataset)
    {
        if (dataset == _view!.Spec.Dataset)
        {
            return Task.CompletedTask;
        }

        // Fields belong to their dataset: the axes, measures and filters start again.
        _editingFilter = null;
        return UpdateSpecAsync(s => new PivotSpec
        {
            Dataset = dataset,
            Measures = [new PivotMeasure(null, Aggregates.Count)],
            Subtotals = s.Subtotals,
            TimeZone = s.TimeZone,
        });
    }

    private Task AddAxisFieldAsync(Axis axis, string? field) => string.IsNullOrEmpty(field)
        ? Task.CompletedTask
        : UpdateSpecAsync(s => axis == Axis.Rows
            ? s with { Rows = [.. s.Rows.Where(f => f != field).Take(PivotSpec.MaxRows - 1), field] }
            : s with { Columns = [.. s.Columns.Where(f => f != field).Take(PivotSpec.MaxColumns - 1), field] });

    private Task RemoveAxisFieldAsync(Axis axis, string field) =>
        UpdateSpecAsync(s => axis == Axis.Rows ? s with { Rows = [.. s.Rows.Where(f => f != field)] } : s with { Columns = [.. s.Columns.Where(f => f != field)] });

    private static bool CanSwap(PivotSpec spec) =>
        spec.Rows.Count + spec.Columns.Count > 0 && spec.Rows.Count <= PivotSpec.MaxColumns && spec.Columns.Count <= PivotSpec.MaxRows;

    private Task SwapAxesAsync() => UpdateSpecAsync(s => s with { Rows = s.Columns, Columns = s.Rows });

    private Task AddMeasureAsync()
    {
        var field = Dataset?.Fields.FirstOrDefault(f => f.Aggregates.Contains(Aggregates.Sum));
        var measure = field is null ? new PivotMeasure(null, Aggregates.Count) : new PivotMeasure(field.Name, Aggregates.Sum);
        return UpdateSpecAsync(s => s with { Measures = [.. s.Measures, measure] });
    }

    private Task SetMeasureFieldAsync(int index, string field) => UpdateSpecAsync(s =>
    {
        var current = s.Measures[index];
        PivotMeasure measure;
        if (field == RowsChoice)
        {
            measure = new PivotMeasure(null, Aggregates.Count);
        }
        else
        {
            // The aggregate stays when the new field allows it, except a count of rows, which becomes a sum where it can:
            // choosing a quantity after "Rows (count)" means adding it up.
            var allowed = Dataset?.Fields.FirstOrDefault(f => f.Name == field)?.Aggregates ?? [];
            var aggregate = current.Field is not null && allowed.Contains(current.Aggregate) ? current.Aggregate
                : allowed.Contains(Aggregates.Sum) ? Aggregates.Sum
                : allowed.Contains(current.Aggregate) ? current.Aggregate
                : allowed.FirstOrDefault() ?? Aggregates.Count;
            measure = new PivotMeasure(field, aggregate);
        }

        return s with { Measures = [.. s.Measures.Select((m, i) => i == index ? measure : m)] };
    });

    private Task SetMeasureAggregateAsync(int index, string aggregate) =>
        UpdateSpecAsync(s => s with { Measures = [.. s.Measures.Select((m, i) => i == index ? m with { Aggregate = aggregate } : m)] });

    private Task RemoveMeasureAsync(int index) => UpdateSpecAsync(s => s with
    {
        Measures = [.. s.Measures.Where((_, i) => i != index)],
        // A sort by a later measure follows it to its new place; a sort by the removed one goes back to labels.
        Sort = s.Sort is { By: PivotSort.ByValue } sort
            ? sort.Measure == index ? null : sort.Measure > index ? sort with { Measure = sort.Measure - 1 } : sort
            : s.Sort,
    });

    private IEnumerable<string> AggregatesOf(PivotMeasure measure)
    {
        IReadOnlyList<string> allowed = measure.Field is null
            ? [Aggregates.Count]
            : Dataset?.Fields.FirstOrDefault(f => f.Name == measure.Field)?.Aggregates ?? [];
        return allowed.Contains(measure.Aggregate) ? allowed : allowed.Append(measure.Aggregate);
    }

    private Task SetDateGroupingAsync(string grouping) =>
        UpdateSpecAsync(s => s with { DateGrouping = grouping == NoneChoice ? null : grouping });

    private static string SortChoice(PivotSpec spec) => spec.Sort switch
    {
        null => SortLabelAsc,
        { By: PivotSort.ByLabel } sort => $"{PivotSort.ByLabel}:{sort.Direction}",
        { } sort => $"{sort.By}:{sort.Direction}:{sort.Measure}",
    };

    private Task SetSortAsync(string choice)
    {
        var parts = choice.Split(':');
        PivotSort? sort = choice == SortLabelAsc ? null
            : parts[0] == PivotSort.ByLabel ? new PivotSort(PivotSort.ByLabel, parts[1])
            : new PivotSort(PivotSort.ByValue, parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        return UpdateSpecAsync(s => s with { Sort = sort });
    }

    private Task SetTopNAsync(int? topN) =>
        UpdateSpecAsync(s => s with { TopN = topN is { } n ? Math.Clamp(n, 1, PivotQuery.MaxTopN) : null });

    private Task SetSubtotalsAsync(bool subtotals) => UpdateSpecAsync(s => s with { Subtotals = subtotals });

    private Task SetTimeZoneAsync(string zone) => UpdateSpecAsync(s => s with { TimeZone = zone == NoneChoice ? null : zone });

    private void EditFilter(int index) => _editingFilter = index;

    private Task ApplyFilterAsync(PivotFilter filter)
    {
        var index = _editingFilter ?? -1;
        _editingFilter = null;
        return UpdateSpecAsync(s => s with
        {
            Filters = index >= 0 && index < s.Filters.Count ? [.. s.Filters.Select((f, i) => i == index ? filter : f)] : [.. s.Filters, filter],
        });
    }

    private Task RemoveFilterAsync(int index)
    {
        _editingFilter = null;
        return UpdateSpecAsync(s => s with { Filters = [.. s.Filters.Where((_, i) => i != index)] });
    }

    private IEnumerable<PivotFieldInfo> Groupable(PivotSpec spec) =>
        Dataset?.Fields.Where(f => f.Groupable && !spec.Rows.Contains(f.Name) && !spec.Columns.Contains(f.Name)) ?? [];

    private string FieldLabel(string field) => Dataset?.Fields.FirstOrDefault(f => f.Name == field)?.Label ?? field;

    private string MeasureLabel(PivotMeasure measure) =>
        measure.Field is null ? "Rows" : $"{AggregateLabel(measure.Aggregate)} of {FieldLabel(measure.Field)}";

    private static string AggregateLabel(string aggregate) => aggregate switch
    {
        Aggregates.Sum => "Sum",
        Aggregates.Count => "Count",
        Aggregates.CountDistinct => "Distinct count",
        Aggregates.Avg => "Average",
        Aggregates.Min => "Min",
        Aggregates.Max => "Max",
        _ => aggregate,
    };

    private static string GroupingLabel(string grouping) => grouping switch
    {
        DateGroupings.Day => "Day",
        DateGroupings.Week => "ISO week",
        DateGroupings.Month => "Month",
        DateGroupings.Quarter => "Quarter",
        DateGroupings.Year => "Year",
        _ => grouping,
    };

    private static string SafeFileName(string name) => Regex.Replace(name, "[^A-Za-z0-9_-]+", "-").Trim('-') is { Length: > 0 } safe ? safe : "pivot";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            Navigation.LocationChanged -= OnLocationChanged;
            _run?.Cancel();
            _run?.Dispose();
        }

        base.Dispose(disposing);
    }
}
