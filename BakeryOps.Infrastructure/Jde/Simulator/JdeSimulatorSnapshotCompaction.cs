using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// Folds the simulator's journal into a fresh <c>state.bin</c> off the request path: when the journal has grown past
/// <see cref="CompactAfterRecords"/> records or <see cref="CompactAfterBytes"/>, and once more on graceful shutdown so
/// the next start has nothing to replay. Posts only ever append to the journal. Each compaction is a run of
/// <see cref="Job"/> in <c>sync_runs</c> where the portal records runs (the tests' standalone simulator does not).
/// </summary>
public sealed partial class JdeSimulatorSnapshotCompaction(
    IServiceProvider services, IOptions<JdeOptions> jdeOptions, TimeProvider clock, ILogger<JdeSimulatorSnapshotCompaction> logger)
    : BackgroundService
{
    public const string Job = "jde-simulator-snapshot";

    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JdeSimulatorSnapshot? _snapshot;

    public int CompactAfterRecords { get; init; } = 1_000;

    public long CompactAfterBytes { get; init; } = 16L << 20;

    /// <summary>How long to wait after a failed compaction before trying again; the journal keeps every post meanwhile.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Completes once the service watches the journal; a stop before then leaves the journal to the next start.</summary>
    internal Task Watching => _watching.Task;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Volatile.Read(ref _snapshot) is { JournalRecords: > 0 } snapshot)
        {
            await CompactAsync(snapshot, "shutdown", cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (jdeOptions.Value.Mode != JdeMode.Simulator)
        {
            return;
        }

        // Resolved here, not in the constructor: loading a large saved ledger must not hold up the host's start.
        await Task.Yield();
        JdeSimulatorSnapshot snapshot;
        try
        {
            snapshot = services.GetRequiredService<JdeSimulatorSnapshot>();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // The simulator's own calls report the unreadable state; the rest of the portal keeps running.
            LogStateUnreadable(e);
            if (services.GetService<SyncRunRecorder>() is { } runs)
            {
                await runs.RunAsync(Job, "start", facilityId: null, (run, _) =>
                {
                    run.Fail($"The simulator's saved state could not be loaded, so its journal is not compacted: {SyncRunRecorder.Describe(e)}");
                    return Task.CompletedTask;
                }, stoppingToken);
            }

            return;
        }

        Volatile.Write(ref _snapshot, snapshot);
        _watching.TrySetResult();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if ((snapshot.JournalRecords >= CompactAfterRecords || snapshot.JournalBytes >= CompactAfterBytes)
                    && !await CompactAsync(snapshot, "threshold", stoppingToken))
                {
                    await Task.Delay(RetryDelay, clock, stoppingToken);
                }

                await snapshot.WaitForAppendAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; StopAsync compacts once more.
        }
    }

    private async Task<bool> CompactAsync(JdeSimulatorSnapshot snapshot, string reason, CancellationToken cancellationToken)
    {
        if (services.GetService<SyncRunRecorder>() is not { } runs)
        {
            return await CompactOnceAsync(snapshot, reason, run: null, cancellationToken);
        }

        var recorded = await runs.RunAsync(Job, reason, facilityId: null,
            async (run, ct) => await CompactOnceAsync(snapshot, reason, run, ct), cancellationToken);
        return recorded.Status == SyncRunStatuses.Name(SyncRunStatus.Succeeded);
    }

    private async Task<bool> CompactOnceAsync(JdeSimulatorSnapshot snapshot, string reason, SyncRunHandle? run, CancellationToken cancellationToken)
    {
        var (records, bytes) = (snapshot.JournalRecords, snapshot.JournalBytes);
        var started = clock.GetTimestamp();
        try
        {
            await snapshot.CompactAsync(cancellationToken);
            LogCompacted(reason, records, bytes, (long)clock.GetElapsedTime(started).TotalMilliseconds);
            run?.Count("journal_records", records);
            run?.Count("journal_bytes", bytes);
            return true;
        }
        catch (ObjectDisposedException) when (reason == "shutdown")
        {
            // The container disposed the state before the host finished stopping (seen when a test host is torn
            // down): nothing is lost, the journal is replayed at the next start.
            LogStateDisposed(records);
            run?.Fail($"The simulator's state was gone before the shutdown snapshot; its {records} journal records are replayed at the next start.");
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCompactionFailed(e, reason, records);
            run?.Fail($"{SyncRunRecorder.Describe(e)} The journal keeps its {records} records; compaction is tried again.");
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "JDE simulator snapshot written ({Reason}): {JournalRecords} journal records, {JournalBytes} bytes folded in {ElapsedMs} ms")]
    private partial void LogCompacted(string reason, int journalRecords, long journalBytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "JDE simulator snapshot could not be written ({Reason}); {JournalRecords} journal records stay in the journal")]
    private partial void LogCompactionFailed(Exception exception, string reason, int journalRecords);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "JDE simulator state was disposed before the shutdown snapshot; {JournalRecords} journal records are replayed at the next start")]
    private partial void LogStateDisposed(int journalRecords);

    [LoggerMessage(Level = LogLevel.Error, Message = "JDE simulator state could not be loaded; its journal is not compacted")]
    private partial void LogStateUnreadable(Exception exception);
}
