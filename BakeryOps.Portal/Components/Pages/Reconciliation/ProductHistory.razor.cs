using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Reconciliation;

/// <summary>
/// A product's JD Edwards and bakery on-hand over time, from the stored reconciliation snapshots (lots added up), as a
/// line chart with the cardex runs marked, so a planner sees when a drift began.
/// </summary>
public sealed partial class ProductHistory : PortalPage
{
    private IReadOnlyList<Facility> _facilities = [];
    private IReadOnlyList<(string Id, string Name)> _products = [];
    private ReconciliationHistory? _history;
    private List<Point> _points = [];
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];

    [Inject] private ReconciliationService Reconciliation { get; set; } = default!;
    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "facility")] public string? Facility { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? Product { get; set; }

    protected override string PageName => "Product history";

    protected override Task OnInitializedAsync() => RunAsync(async () =>
    {
        _facilities = (await Inventory.ListFacilitiesAsync(Cancellation)).Where(f => !string.IsNullOrWhiteSpace(f.JdeBusinessUnit)).ToList();
        Facility ??= _facilities.FirstOrDefault()?.Id;
        await LoadProductsAsync();
        await LoadAsync();
    });

    private async Task LoadProductsAsync()
    {
        if (Facility is null)
        {
            _products = [];
            return;
        }

        var page = await Inventory.ListProductsAsync(Facility, new ProductQuery(Size: 10_000), Cancellation);
        _products = [.. page.Items.Select(p => (p.Id, p.ProductName))];
        Product ??= _products.FirstOrDefault().Id;
    }

    private async Task LoadAsync()
    {
        _history = null;
        if (Facility is null || Product is null)
        {
            return;
        }

        var history = await Reconciliation.HistoryAsync(Facility, Product, Cancellation);
        var runs = history.SyncRuns.OrderBy(r => r.FinishedAt ?? r.StartedAt).ToList();
        DateTimeOffset? previous = null;
        _points = [];
        foreach (var snapshot in history.Points.GroupBy(p => p.RunId).OrderBy(g => g.First().ComputedAt))
        {
            var at = snapshot.First().ComputedAt;
            var before = runs.Where(r => (r.FinishedAt ?? r.StartedAt) <= at && (previous is null || (r.FinishedAt ?? r.StartedAt) > previous)).ToList();
            _points.Add(new Point(at, snapshot.First().Unit, Sum(snapshot.Select(p => p.JdeQuantity)), Sum(snapshot.Select(p => p.BakeryQuantity)),
                Sum(snapshot.Select(p => p.Variance)), Worst(snapshot.Select(p => p.Status)), snapshot.Any(p => p.LedgerDrift), before));
            previous = at;
        }

        _labels = Labels();
        _series =
        [
            new() { Name = "JD Edwards", Data = new ChartData<double>([.. _points.Select(p => (double)(p.Jde ?? 0m))]) },
            new() { Name = "Bakery", Data = new ChartData<double>([.. _points.Select(p => (double)(p.Bakery ?? 0m))]) },
        ];
        _history = history;
    }

    // The chart's labels are text: built again in the zone the user switched to.
    protected override Task OnShownZoneChangedAsync()
    {
        _labels = Labels();
        return Task.CompletedTask;
    }

    private string[] Labels() => [.. _points.Select(p => (p.SyncRuns.Count > 0 ? "↻ " : "") + Dates.Format(p.At, "MM-dd HH:mm"))];

    private Task FacilityChangedAsync(string facility) => RunAsync(async () =>
    {
        Facility = facility;
        Product = null;
        await LoadProductsAsync();
        await LoadAsync();
        Navigate();
    });

    private Task ProductChangedAsync(string product) => RunAsync(async () =>
    {
        Product = product;
        await LoadAsync();
        Navigate();
    });

    // The address names the product shown, so it can be shared and reloaded.
    private void Navigate() =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["facility"] = Facility, ["product"] = Product }), replace: true);

    private static decimal? Sum(IEnumerable<decimal?> values)
    {
        var known = values.ToList();
        return known.All(v => v is null) ? null : known.Sum(v => v ?? 0m);
    }

    private static string Worst(IEnumerable<string> statuses)
    {
        var all = statuses.ToList();
        return all.FirstOrDefault(s => s != "Match") ?? "Match";
    }

    private static string Number(decimal? value) => value is { } v ? v.ToString("#,0.######", CultureInfo.CurrentCulture) : "—";

    private sealed record Point(
        DateTimeOffset At, string Unit, decimal? Jde, decimal? Bakery, decimal? Variance, string Status, bool Drift, IReadOnlyList<SyncRunView> SyncRuns);
}
