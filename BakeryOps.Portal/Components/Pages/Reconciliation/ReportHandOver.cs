using System.Collections.Concurrent;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;

namespace BakeryOps.Portal.Components.Pages.Reconciliation;

/// <summary>
/// Computes a JDE vs Bakery page's whole report while the browser loads the prerendered first lines, and hands it to
/// the circuit that takes the page over a moment later: the first screen does not wait for the report, and the circuit
/// does not start it only when it is up (docs/benchmarks.md, Reconciliation). An entry is taken once, lives a few
/// seconds, and is dropped (its computation cancelled) as soon as the facility's stock changes or one of its runs
/// ends: the circuit then computes afresh.
/// </summary>
public sealed partial class ReportHandOver : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly StockNotifications _stock;
    private readonly SyncRunNotifications _runs;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReportHandOver> _logger;

    public ReportHandOver(IServiceScopeFactory scopes, StockNotifications stock, SyncRunNotifications runs, TimeProvider clock, ILogger<ReportHandOver> logger)
    {
        (_scopes, _stock, _runs, _clock, _logger) = (scopes, stock, runs, clock, logger);
        _stock.StockChanged += Drop;
        _runs.RunChanged += OnRunChanged;
    }

    /// <summary>Starts the report of <paramref name="facilityId"/> for <paramref name="query"/> and returns the key it is taken with.</summary>
    public Guid Start(string facilityId, ReconciliationQuery query)
    {
        var now = _clock.GetUtcNow();
        foreach (var (key, stale) in _entries)
        {
            if (now - stale.StartedAt > Lifetime)
            {
                Remove(key);
            }
        }

        var id = Guid.NewGuid();
        var cancellation = new CancellationTokenSource(Lifetime, _clock);
        var report = Task.Run(() => ComputeAsync(facilityId, query, cancellation.Token), CancellationToken.None);
        // Failures are logged in ComputeAsync; reading the exception here keeps one nobody took from going unobserved.
        _ = report.ContinueWith(
            t =>
            {
                _ = t.Exception;
                cancellation.Dispose();
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _entries[id] = new Entry(facilityId, query, now, report, cancellation);
        return id;
    }

    /// <summary>
    /// The report started under <paramref name="id"/> for the same query, once (it may still be computing); null when
    /// gone, stale or changed since.
    /// </summary>
    public Task<ReconciliationReport>? Take(Guid id, ReconciliationQuery query)
    {
        if (!_entries.TryRemove(id, out var entry))
        {
            return null;
        }

        if (entry.Query == query && _clock.GetUtcNow() - entry.StartedAt <= Lifetime)
        {
            // Taken: the circuit awaits it; the timeout stays, so a computation that hangs still ends.
            return entry.Report;
        }

        Cancel(entry);
        return null;
    }

    public void Dispose()
    {
        _stock.StockChanged -= Drop;
        _runs.RunChanged -= OnRunChanged;
        foreach (var key in _entries.Keys)
        {
            Remove(key);
        }
    }

    private async Task<ReconciliationReport> ComputeAsync(string facilityId, ReconciliationQuery query, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ReconciliationService>().GetAsync(facilityId, query, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The circuit that takes it computes again and shows the error in words; an entry nobody takes is logged here.
            LogFailed(_logger, ex, facilityId);
            throw;
        }
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
            if (entry.FacilityId == facilityId)
            {
                Remove(key);
            }
        }
    }

    private void Remove(Guid key)
    {
        if (_entries.TryRemove(key, out var entry))
        {
            Cancel(entry);
        }
    }

    private static void Cancel(Entry entry)
    {
        try
        {
            entry.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The computation has already ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The JDE vs Bakery report of {FacilityId} computed ahead for a page failed; the page computes it again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string facilityId);

    private sealed record Entry(string FacilityId, ReconciliationQuery Query, DateTimeOffset StartedAt, Task<ReconciliationReport> Report, CancellationTokenSource Cancellation);
}
