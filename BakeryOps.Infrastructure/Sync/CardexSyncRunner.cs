using System.Collections.Concurrent;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Starts cardex runs as recorded <c>sync_runs</c>: every linked facility in turn (the schedule), or one facility now
/// (a user or an API caller). One run per facility at a time in this process; a second request for a facility that is
/// running is refused with a conflict rather than queued.
/// </summary>
public sealed partial class CardexSyncRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunRecorder recorder,
    IHostApplicationLifetime lifetime,
    ILogger<CardexSyncRunner> logger)
{
    private readonly ConcurrentDictionary<string, Guid?> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _cancellations = new();

    /// <summary>Runs the sync of every facility linked to a JD Edwards branch, one after the other; a failure is recorded and the next goes on.</summary>
    public async Task<IReadOnlyList<SyncRunView>> RunAllAsync(string trigger, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.JdeBusinessUnit != null && f.JdeBusinessUnit != "")
            .OrderBy(f => f.Id).Select(f => f.Id).ToListAsync(cancellationToken);
        var runs = new List<SyncRunView>(facilities.Count);
        foreach (var facility in facilities)
        {
            if (!_running.TryAdd(facility, null))
            {
                LogSkippedBusy(logger, facility);
                continue;
            }

            try
            {
                runs.Add(await RecordAsync(facility, CardexSyncMode.Incremental, trigger, started: null, cancellationToken));
            }
            finally
            {
                _running.TryRemove(facility, out _);
            }
        }

        return runs;
    }

    /// <summary>
    /// Starts one facility's run in the background and returns its id once the run is recorded. The run goes on after
    /// the caller's request ends, until it finishes or the portal stops.
    /// </summary>
    /// <exception cref="ConflictException">The facility's cardex sync is already running.</exception>
    public async Task<Guid> StartAsync(string facilityId, CardexSyncMode mode, string trigger, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd(facilityId, null))
        {
            throw new ConflictException(RunningMessage(facilityId));
        }

        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await RecordAsync(facilityId, mode, trigger, started, lifetime.ApplicationStopping);
            }
            catch (Exception ex)
            {
                // The recorder records failures itself; this is only for a failure to record at all.
                LogStartFailed(logger, ex, facilityId);
                started.TrySetException(ex);
            }
            finally
            {
                _running.TryRemove(facilityId, out _);
            }
        }, CancellationToken.None);
        return await started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Retries quarantined rows of a facility now, as a recorded run, while no other run of it goes on.</summary>
    /// <exception cref="ConflictException">The facility's cardex sync is running.</exception>
    public async Task<SyncRunView> RetryAsync(
        string facilityId, IReadOnlyCollection<Guid>? ids, QuarantineReason? reason, string trigger, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd(facilityId, null))
        {
            throw new ConflictException(RunningMessage(facilityId));
        }

        try
        {
            return await recorder.RunAsync(CardexSync.Job, trigger, facilityId, async (run, ct) =>
            {
                _running[facilityId] = run.Id;
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CardexSync>().RetryQuarantinedAsync(facilityId, ids, reason, run, ct);
            }, cancellationToken);
        }
        finally
        {
            _running.TryRemove(facilityId, out _);
        }
    }

    /// <summary>The id of the facility's run in this process, or null when none is going.</summary>
    public Guid? RunningRunOf(string facilityId) => _running.GetValueOrDefault(facilityId);

    /// <summary>
    /// Asks a run of this process to stop. It stops at once: the batch in progress rolls back and the next run reads it
    /// again; the run is recorded as cancelled. False when no such run is going here.
    /// </summary>
    public bool Cancel(Guid runId)
    {
        if (!_cancellations.TryGetValue(runId, out var cancellation))
        {
            return false;
        }

        cancellation.Cancel();
        return true;
    }

    private async Task<SyncRunView> RecordAsync(
        string facilityId, CardexSyncMode mode, string trigger, TaskCompletionSource<Guid>? started, CancellationToken cancellationToken)
    {
        // The recorder sees this token, so a cancelled run is recorded as cancelled rather than failed.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Guid? id = null;
        try
        {
            return await recorder.RunAsync(CardexSync.Job, trigger, facilityId, async (run, ct) =>
            {
                id = run.Id;
                _cancellations[run.Id] = cancellation;
                _running[facilityId] = run.Id;
                started?.TrySetResult(run.Id);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CardexSync>().RunAsync(facilityId, mode, run, ct);
            }, cancellation.Token);
        }
        finally
        {
            if (id is { } runId)
            {
                _cancellations.TryRemove(runId, out _);
            }
        }
    }

    private static string RunningMessage(string facilityId) =>
        $"The cardex sync of facility {facilityId} is already running; wait for it to finish.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Cardex sync of {FacilityId} skipped: a run of it is still going")]
    private static partial void LogSkippedBusy(ILogger logger, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cardex sync of {FacilityId} could not be started")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string facilityId);
}
