using System.Collections.Concurrent;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// One recorded run per facility of one job at a time: in this process by a guard, across portal nodes on one database
/// by a lease (<c>{prefix}:{facility}</c>) renewed every third of its length while the run goes on. A run that loses its
/// lease (another node took it after it expired) is stopped, so two nodes never work on one facility. The cardex and
/// item master runners each keep one.
/// </summary>
internal sealed partial class FacilityRunGate(
    string job,
    Func<string, string> leaseName,
    Func<string, string> runningMessage,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunRecorder recorder,
    SyncLeases leases,
    Func<TimeSpan> leaseDuration,
    IHostApplicationLifetime lifetime,
    ILogger logger)
{
    private readonly ConcurrentDictionary<string, Guid?> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _cancellations = new();

    /// <summary>Runs <paramref name="work"/> for every facility linked to a JD Edwards branch in turn; a busy one is skipped, a failure recorded.</summary>
    public async Task<IReadOnlyList<SyncRunView>> RunAllAsync(
        string trigger, Func<string, SyncRunHandle, CancellationToken, Task> work, CancellationToken cancellationToken)
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
            return [await recorder.RunAsync(job, trigger, null, (_, _) => Task.FromException(ex), cancellationToken)];
        }

        var runs = new List<SyncRunView>(facilities.Count);
        foreach (var facility in facilities)
        {
            var holder = await TryHoldAsync(facility, cancellationToken);
            if (holder is null)
            {
                LogSkippedBusy(logger, job, facility);
                continue;
            }

            try
            {
                runs.Add(await RecordAsync(facility, holder, trigger, started: null, (run, ct) => work(facility, run, ct), cancellationToken));
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
    /// <exception cref="ConflictException">The facility is busy, here or on another node.</exception>
    public async Task<Guid> StartAsync(string facilityId, string trigger, Func<SyncRunHandle, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var holder = await TryHoldAsync(facilityId, cancellationToken) ?? throw new ConflictException(runningMessage(facilityId));
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await RecordAsync(facilityId, holder, trigger, started, work, lifetime.ApplicationStopping);
            }
            catch (Exception ex)
            {
                // The recorder records failures itself; this is only for a failure to record at all.
                LogStartFailed(logger, ex, job, facilityId);
                started.TrySetException(ex);
            }
            finally
            {
                await LetGoAsync(facilityId, holder);
            }
        }, CancellationToken.None);
        return await started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> now, in the caller's request, as a recorded run of the facility.</summary>
    /// <exception cref="ConflictException">The facility is busy, here or on another node.</exception>
    public async Task<SyncRunView> RunNowAsync(string facilityId, string trigger, Func<SyncRunHandle, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var holder = await TryHoldAsync(facilityId, cancellationToken) ?? throw new ConflictException(runningMessage(facilityId));
        try
        {
            return await RecordAsync(facilityId, holder, trigger, started: null, work, cancellationToken);
        }
        finally
        {
            await LetGoAsync(facilityId, holder);
        }
    }

    /// <summary>The id of the facility's run in this process, or null when none is going.</summary>
    public Guid? RunningRunOf(string facilityId) => _running.GetValueOrDefault(facilityId);

    /// <summary>Asks a run of this process to stop; it is recorded as cancelled. False when no such run is going here.</summary>
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
            if (await leases.TryAcquireAsync(leaseName(facilityId), holder, leaseDuration(), cancellationToken))
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
            await leases.ReleaseAsync(leaseName(facilityId), holder, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // It expires by itself; the next run waits at most that long.
            LogReleaseFailed(logger, ex, job, facilityId);
        }
        finally
        {
            _running.TryRemove(facilityId, out _);
        }
    }

    /// <summary>Runs <paramref name="work"/> as a recorded run while renewing the lease.</summary>
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
            return await recorder.RunAsync(job, trigger, facilityId, async (run, ct) =>
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
                var duration = leaseDuration();
                await Task.Delay(duration / 3, stop);
                if (!await leases.TryAcquireAsync(leaseName(facilityId), holder, duration, stop))
                {
                    LogLeaseLost(logger, job, facilityId);
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
            // A database that cannot renew the lease cannot take the run's writes either; the run fails on its own.
            LogRenewFailed(logger, ex, job, facilityId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} of {FacilityId} skipped: a run of it is still going here or on another node")]
    private static partial void LogSkippedBusy(ILogger logger, string job, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} of {FacilityId} could not be started")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string job, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Job} lease of {FacilityId} could not be released; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string job, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Job} lease of {FacilityId} could not be renewed")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string job, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Job} run of {FacilityId} lost its lease to another node and is stopped")]
    private static partial void LogLeaseLost(ILogger logger, string job, string facilityId);
}
