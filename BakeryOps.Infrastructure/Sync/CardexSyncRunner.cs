using System.Collections.Concurrent;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Starts cardex runs as recorded <c>sync_runs</c>: every linked facility in turn (the schedule), or one facility now
/// (a user or an API caller). One run per facility at a time: in this process by a guard, across portal nodes on one
/// database by a lease (<c>cardex:{facility}</c>) renewed while the run goes on. A second request for a facility that is
/// running is refused with a conflict rather than queued; the schedule skips it.
/// </summary>
public sealed partial class CardexSyncRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunRecorder recorder,
    SyncLeases leases,
    IOptions<SyncOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<CardexSyncRunner> logger)
{
    private readonly ConcurrentDictionary<string, Guid?> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _cancellations = new();

    /// <summary>The lease that lets one node sync a facility's cardex.</summary>
    public static string LeaseName(string facilityId) => $"cardex:{facilityId}";

    /// <summary>Runs the sync of every facility linked to a JD Edwards branch, one after the other; a failure is recorded and the next goes on.</summary>
    public async Task<IReadOnlyList<SyncRunView>> RunAllAsync(string trigger, CancellationToken cancellationToken)
    {
        List<string> facilities;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            facilities = await db.Facilities.AsNoTracking().Where(f => f.JdeBusinessUnit != null && f.JdeBusinessUnit != "")
                .OrderBy(f => f.Id).Select(f => f.Id).ToListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not even the facilities could be read: that firing is a failed run too, recorded (or logged) like any other.
            return [await recorder.RunAsync(CardexSync.Job, trigger, null, (_, _) => Task.FromException(ex), cancellationToken)];
        }

        var runs = new List<SyncRunView>(facilities.Count);
        foreach (var facility in facilities)
        {
            var holder = await TryHoldAsync(facility, cancellationToken);
            if (holder is null)
            {
                LogSkippedBusy(logger, facility);
                continue;
            }

            try
            {
                runs.Add(await RecordAsync(facility, holder, trigger, started: null,
                    (run, ct) => SyncAsync(s => s.RunAsync(facility, CardexSyncMode.Incremental, run, ct)), cancellationToken));
            }
            finally
            {
                await LetGoAsync(facility, holder);
            }
        }

        return runs;
    }

    /// <summary>
    /// Starts one facility's run in the background and returns its id once the run is recorded. The run goes on after
    /// the caller's request ends, until it finishes or the portal stops.
    /// </summary>
    /// <exception cref="ConflictException">The facility's cardex sync is already running, here or on another node.</exception>
    public async Task<Guid> StartAsync(string facilityId, CardexSyncMode mode, string trigger, CancellationToken cancellationToken)
    {
        var holder = await TryHoldAsync(facilityId, cancellationToken) ?? throw new ConflictException(RunningMessage(facilityId));
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await RecordAsync(facilityId, holder, trigger, started,
                    (run, ct) => SyncAsync(s => s.RunAsync(facilityId, mode, run, ct)), lifetime.ApplicationStopping);
            }
            catch (Exception ex)
            {
                // The recorder records failures itself; this is only for a failure to record at all.
                LogStartFailed(logger, ex, facilityId);
                started.TrySetException(ex);
            }
            finally
            {
                await LetGoAsync(facilityId, holder);
            }
        }, CancellationToken.None);
        return await started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Retries quarantined rows of a facility now, as a recorded run, while no other run of it goes on.</summary>
    /// <exception cref="ConflictException">The facility's cardex sync is running, here or on another node.</exception>
    public async Task<SyncRunView> RetryAsync(
        string facilityId, IReadOnlyCollection<Guid>? ids, QuarantineReason? reason, string trigger, CancellationToken cancellationToken)
    {
        var holder = await TryHoldAsync(facilityId, cancellationToken) ?? throw new ConflictException(RunningMessage(facilityId));
        try
        {
            return await RecordAsync(facilityId, holder, trigger, started: null,
                (run, ct) => SyncAsync(s => s.RetryQuarantinedAsync(facilityId, ids, reason, run, ct)), cancellationToken);
        }
        finally
        {
            await LetGoAsync(facilityId, holder);
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

    /// <summary>This process's guard, then the database lease; null (and nothing held) when either is taken.</summary>
    private async Task<string?> TryHoldAsync(string facilityId, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd(facilityId, null))
        {
            return null;
        }

        var holder = $"{SyncRunRecorder.Node}/{Guid.NewGuid():N}";
        try
        {
            if (await leases.TryAcquireAsync(LeaseName(facilityId), holder, LeaseDuration, cancellationToken))
            {
                return holder;
            }
        }
        catch
        {
            _running.TryRemove(facilityId, out _);
            throw;
        }

        _running.TryRemove(facilityId, out _);
        return null;
    }

    private async Task LetGoAsync(string facilityId, string holder)
    {
        try
        {
            await leases.ReleaseAsync(LeaseName(facilityId), holder, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // It expires by itself; the next run waits at most that long.
            LogReleaseFailed(logger, ex, facilityId);
        }
        finally
        {
            _running.TryRemove(facilityId, out _);
        }
    }

    private TimeSpan LeaseDuration => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    // The sync is transient (like the JD Edwards client it uses): a scope per run.
    private async Task SyncAsync(Func<CardexSync, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<CardexSync>());
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a recorded run while renewing the lease; a run that loses its lease (another node
    /// took it after it expired) is stopped, so two nodes never work on one facility.
    /// </summary>
    private async Task<SyncRunView> RecordAsync(
        string facilityId, string holder, string trigger, TaskCompletionSource<Guid>? started, Func<SyncRunHandle, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        // The recorder sees this token, so a cancelled run is recorded as cancelled rather than failed.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Guid? id = null;
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(facilityId, holder, cancellation, renewing.Token);
        try
        {
            return await recorder.RunAsync(CardexSync.Job, trigger, facilityId, async (run, ct) =>
            {
                id = run.Id;
                _cancellations[run.Id] = cancellation;
                _running[facilityId] = run.Id;
                started?.TrySetResult(run.Id);
                await work(run, ct);
            }, cancellation.Token);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            if (id is { } runId)
            {
                _cancellations.TryRemove(runId, out _);
            }
        }
    }

    private async Task RenewAsync(string facilityId, string holder, CancellationTokenSource run, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseDuration / 3, stop);
                if (!await leases.TryAcquireAsync(LeaseName(facilityId), holder, LeaseDuration, stop))
                {
                    LogLeaseLost(logger, facilityId);
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
        catch (Exception ex)
        {
            // A database that cannot renew the lease cannot take the run's batches either; the run fails on its own.
            LogRenewFailed(logger, ex, facilityId);
        }
    }

    private static string RunningMessage(string facilityId) =>
        $"The cardex sync of facility {facilityId} is already running (here or on another portal node); wait for it to finish.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Cardex sync of {FacilityId} skipped: a run of it is still going here or on another node")]
    private static partial void LogSkippedBusy(ILogger logger, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cardex sync of {FacilityId} could not be started")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cardex lease of {FacilityId} could not be released; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cardex lease of {FacilityId} could not be renewed")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The cardex run of {FacilityId} lost its lease to another node and is stopped")]
    private static partial void LogLeaseLost(ILogger logger, string facilityId);
}
