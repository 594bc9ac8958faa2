using System.Collections.Concurrent;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;

namespace BakeryOps.Portal.Components.Pages.Reconciliation;

/// <summary>
/// Hands the report a prerendered JDE vs Bakery page computed to the circuit that takes the page over a moment later,
/// so one visit computes it once (it is the page's whole cost; two computations per visit also competed with each
/// other on a small server). An entry is taken once, lives a few seconds, and is dropped as soon as the facility's
/// stock changes or one of its runs ends: the circuit then computes afresh.
/// </summary>
public sealed class ReportHandOver : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly StockNotifications _stock;
    private readonly SyncRunNotifications _runs;
    private readonly TimeProvider _clock;

    public ReportHandOver(StockNotifications stock, SyncRunNotifications runs, TimeProvider clock)
    {
        (_stock, _runs, _clock) = (stock, runs, clock);
        _stock.StockChanged += Drop;
        _runs.RunChanged += OnRunChanged;
    }

    /// <summary>Keeps <paramref name="report"/> for the circuit and returns the key it is taken with.</summary>
    public Guid Keep(ReconciliationReport report, ReconciliationQuery query)
    {
        var now = _clock.GetUtcNow();
        foreach (var (key, stale) in _entries)
        {
            if (now - stale.KeptAt > Lifetime)
            {
                _entries.TryRemove(key, out _);
            }
        }

        var id = Guid.NewGuid();
        _entries[id] = new Entry(report, query, now);
        return id;
    }

    /// <summary>The report kept under <paramref name="id"/> for the same query, once; null when gone, stale or changed since.</summary>
    public ReconciliationReport? Take(Guid id, ReconciliationQuery query) =>
        _entries.TryRemove(id, out var entry) && entry.Query == query && _clock.GetUtcNow() - entry.KeptAt <= Lifetime ? entry.Report : null;

    public void Dispose()
    {
        _stock.StockChanged -= Drop;
        _runs.RunChanged -= OnRunChanged;
    }

    private void OnRunChanged(SyncRunView run)
    {
        if (run.FacilityId is { } facility && run.Status != SyncRunStatuses.Name(SyncRunStatus.Running))
        {
            Drop(facility);
        }
    }

    private void Drop(string facilityId)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Report.FacilityId == facilityId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(ReconciliationReport Report, ReconciliationQuery Query, DateTimeOffset KeptAt);
}
