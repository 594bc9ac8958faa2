using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Reconciliation;

/// <summary>
/// JDE vs Bakery (the earlier system's JoinedJDEData, CompareData and LiveDataComparison in one page): a facility's
/// reconciliation with totals per status, filters, the drill-down in a side panel and the export of what is filtered.
/// It computes again when the facility's stock changes or one of its cardex or reconciliation runs ends (in-process
/// notifications over the circuit, no polling).
/// </summary>
public sealed partial class JdeVsBakery : PortalPage
{
    private IReadOnlyList<Facility>? _facilities;
    private string? _facility;
    private ReconciliationReport? _report;
    private IReadOnlyList<string> _categories = [];
    private string? _status;
    private string? _category;
    private string? _search;
    private bool _lots = true;
    private bool _canRun;
    private SyncRunView? _run;
    private ReconciliationRowView? _selected;
    private ReconciliationDrillDown? _drill;
    private bool _drillOpen;
    private int _refreshes;
    private bool _refreshing;
    private bool _partial;
    private bool _refreshPending;
    private string _user = "portal";
    private volatile bool _left;

    [Inject] private ReconciliationService Reconciliation { get; set; } = default!;
    [Inject] private ReconciliationRunner Runner { get; set; } = default!;
    [Inject] private SyncRunCatalog Runs { get; set; } = default!;
    [Inject] private SyncRunNotifications RunNotifications { get; set; } = default!;
    [Inject] private StockNotifications StockNotifications { get; set; } = default!;
    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<JdeVsBakery> Logger { get; set; } = default!;
    [Inject] private ReportHandOver HandOver { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override string PageName => "JDE vs Bakery";

    private ReconciliationQuery CurrentQuery => new(_status, _category, _search, _lots);

    private bool IsRunning => _run?.Status == SyncRunStatuses.Name(SyncRunStatus.Running);

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _user = user.Identity?.Name ?? _user;
        // A snapshot only reads JD Edwards again: inventory staff, planners, admins and job runners may take one; viewers read.
        _canRun = (await Authorization.AuthorizeAsync(user, Policies.WriteInventory)).Succeeded;
        RunNotifications.RunChanged += OnRunChanged;
        StockNotifications.StockChanged += OnStockChanged;
        await RunAsync(async () =>
        {
            _facilities = (await Inventory.ListFacilitiesAsync(Cancellation)).Where(f => !string.IsNullOrWhiteSpace(f.JdeBusinessUnit)).ToList();
            _facility = _facilities.FirstOrDefault()?.Id;
            if (_facility is not null)
            {
                _run = (await Runs.ListRunsAsync(ReconciliationService.Job, null, _facility, 0, 1, Cancellation)).Items.FirstOrDefault();
            }

            // The page is prerendered, then initialised again when the circuit starts. The prerendered page computes
            // only the first lines (the browser shows them before the circuit is up) and starts the whole report,
            // which the circuit takes when it starts (docs/benchmarks.md, Reconciliation).
            if (_facility is null)
            {
                return;
            }

            if (!RendererInfo.IsInteractive)
            {
                _report = await Reconciliation.GetFirstLinesAsync(_facility, PrerenderedRows, Cancellation);
                _partial = true;
                Prerendered = new PrerenderedLines(_report, HandOver.Start(_facility, CurrentQuery));
            }
            else if (Prerendered is { } first && first.Report.FacilityId == _facility)
            {
                Prerendered = null;
                (_report, _partial) = (first.Report, true);
                StateHasChanged();
                await (HandOver.Take(first.HandOverId, CurrentQuery) is { } whole ? ShowWholeAsync(whole) : LoadAsync());
            }
            else
            {
                await LoadAsync();
            }
        });
    }

    /// <summary>The first lines as the prerendered page computed them, for the circuit's first render.</summary>
    [PersistentState]
    public PrerenderedLines? Prerendered { get; set; }

    private async Task LoadAsync()
    {
        if (_facility is null)
        {
            return;
        }

        Show(await Reconciliation.GetAsync(_facility, CurrentQuery, Cancellation));
    }

    /// <summary>
    /// The report the prerendering started; computed here again if it failed or was cancelled meanwhile, and not shown
    /// when a filter or a change computed a newer one first.
    /// </summary>
    private async Task ShowWholeAsync(Task<ReconciliationReport> whole)
    {
        var query = CurrentQuery;
        ReconciliationReport report;
        try
        {
            report = await whole.WaitAsync(Cancellation);
        }
        catch (Exception) when (!Cancellation.IsCancellationRequested)
        {
            if (_partial)
            {
                await LoadAsync();
            }

            return;
        }

        if (_partial && CurrentQuery == query)
        {
            Show(report);
        }
    }

    private void Show(ReconciliationReport report)
    {
        if (_status is null && _category is null && string.IsNullOrWhiteSpace(_search))
        {
            _categories = [.. report.Rows.Select(r => r.Category).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
        }

        _report = report;
        _partial = false;
        _refreshes++;
    }

    private Task FacilityChangedAsync(string facility) => RunAsync(async () =>
    {
        _facility = facility;
        _report = null;
        _category = null;
        _run = (await Runs.ListRunsAsync(ReconciliationService.Job, null, _facility, 0, 1, Cancellation)).Items.FirstOrDefault();
        await LoadAsync();
    });

    private Task StatusChangedAsync(string? status)
    {
        _status = status;
        return RunAsync(LoadAsync);
    }

    private Task CategoryChangedAsync(string? category)
    {
        _category = category;
        return RunAsync(LoadAsync);
    }

    private Task SearchChangedAsync(string? search)
    {
        _search = search;
        return RunAsync(LoadAsync);
    }

    private Task LotsChangedAsync(bool lots)
    {
        _lots = lots;
        return RunAsync(LoadAsync);
    }

    private Task ReconcileNowAsync() => RunAsync(async () =>
    {
        var id = await Runner.StartAsync(_facility!, _user, Cancellation);
        _run = await Runs.GetRunAsync(id, Cancellation);
        Snackbar.Add($"Reconciliation of {_facility} started: JD Edwards' balance is read again.", Severity.Info);
    });

    private async Task RowClickedAsync(TableRowClickEventArgs<ReconciliationRowView> click)
    {
        if (click.Item is not { } row)
        {
            return;
        }

        _selected = row;
        _drill = null;
        _drillOpen = true;
        await RunAsync(async () =>
            _drill = await Reconciliation.DrillDownAsync(_facility!, row.ProductId, row.ShortItemNumber, row.Level == "lot" ? row.Lot : null, Cancellation));
    }

    /// <summary>The export of exactly what the filters show, every line (the endpoint reads the same filters).</summary>
    private string ExportHref(string format)
    {
        var query = new List<string> { "facility=" + Uri.EscapeDataString(_facility!), "format=" + format, "lots=" + (_lots ? "true" : "false") };
        if (_status is not null)
        {
            query.Add("status=" + Uri.EscapeDataString(_status));
        }

        if (_category is not null)
        {
            query.Add("category=" + Uri.EscapeDataString(_category));
        }

        if (!string.IsNullOrWhiteSpace(_search))
        {
            query.Add("q=" + Uri.EscapeDataString(_search));
        }

        return "reconciliation/export?" + string.Join('&', query);
    }

    private void OnStockChanged(string facilityId)
    {
        if (!_left && facilityId == _facility)
        {
            Refresh(null);
        }
    }

    private void OnRunChanged(SyncRunView run)
    {
        if (_left || run.FacilityId != _facility || run.Job is not (CardexSync.Job or ReconciliationService.Job))
        {
            return;
        }

        Refresh(run);
    }

    // Notifications come on background threads: the page computes again on its own dispatcher. A sync commits a window
    // at a time, so changes come in bursts: while one computation runs, further changes ask for one more, not one each.
    private void Refresh(SyncRunView? run) =>
        InvokeAsync(async () =>
        {
            if (_left)
            {
                return;
            }

            if (run?.Job == ReconciliationService.Job)
            {
                _run = run;
            }

            if (run is not null && run.Status == SyncRunStatuses.Name(SyncRunStatus.Running))
            {
                StateHasChanged();
                return;
            }

            if (_refreshing)
            {
                _refreshPending = true;
                return;
            }

            _refreshing = true;
            try
            {
                do
                {
                    _refreshPending = false;
                    await RunAsync(LoadAsync);
                    StateHasChanged();
                }
                while (_refreshPending && !_left);
            }
            finally
            {
                _refreshing = false;
            }
        }).ContinueWith(
            t => Logger.LogDebug(t.Exception, "The JDE vs Bakery page missed a change"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// Lines the prerendered page shows and hands over in the page (the whole report is computed meanwhile in
    /// <see cref="ReportHandOver"/>): a screenful. The handed-over state travels back to the server when the circuit
    /// starts, inside SignalR's 32 KB message limit; fifty lines went over it and the circuit never started.
    /// </summary>
    private const int PrerenderedRows = 20;

    /// <summary>What the prerendered page hands to the circuit: its lines, and the key of the whole report it started.</summary>
    public sealed record PrerenderedLines(ReconciliationReport Report, Guid HandOverId);

    private static string RowClass(ReconciliationRowView row, int index) => "comparison-row status-" + row.Status.Replace(' ', '-').ToLowerInvariant();

    private static string Number(decimal? value) => value is { } v ? v.ToString("#,0.######", CultureInfo.CurrentCulture) : "—";

    private static string InFlight(ReconciliationRowView row) =>
        row.JdeInFlight == 0 && row.BakeryInFlight == 0 ? "" : string.Join(" / ", new[] { row.JdeInFlight, row.BakeryInFlight }.Select(v => Number(v)));

    private static Color StatusColor(string status) => status switch
    {
        "Match" => Color.Success,
        "Variance" => Color.Error,
        "Unmapped" => Color.Default,
        _ => Color.Warning,
    };

    private static Color RunColor(string status) => status switch
    {
        "succeeded" => Color.Success,
        "failed" => Color.Error,
        "running" => Color.Info,
        _ => Color.Default,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            RunNotifications.RunChanged -= OnRunChanged;
            StockNotifications.StockChanged -= OnStockChanged;
        }

        base.Dispose(disposing);
    }
}
