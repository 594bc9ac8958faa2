using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Starts item master runs and applies as recorded <c>sync_runs</c>, one at a time per facility: in this process by a
/// guard, across portal nodes by a lease (<c>item-master:{facility}</c>) renewed while the run goes on, the same way
/// <see cref="CardexSyncRunner"/> guards the cardex. A second start for a busy facility is a conflict; the schedule
/// skips it.
/// </summary>
public sealed partial class ItemMasterSyncRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunRecorder recorder,
    SyncLeases leases,
    ItemMasterReviews reviews,
    IOptions<SyncOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ItemMasterSyncRunner> logger)
{
    private readonly ConcurrentDictionary<string, Guid?> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _cancellations = new();

    /// <summary>The lease that lets one node work on a facility's item master.</summary>
    public static string LeaseName(string facilityId) => $"item-master:{facilityId}";

    /// <summary>Runs every facility linked to a JD Edwards branch, one after the other; a failure is recorded and the next goes on.</summary>
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
            return [await recorder.RunAsync(ItemMasterSync.Job, trigger, null, (_, _) => Task.FromException(ex), cancellationToken)];
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
                runs.Add(await RecordAsync(facility, holder, trigger, null, (run, ct) => SyncAsync(s => s.RunAsync(facility, run, ct)), cancellationToken));
            }
            finally
            {
                await LetGoAsync(facility, holder);
            }
        }

        return runs;
    }

    /// <summary>Starts one facility's pull in the background and returns its run id once the run is recorded.</summary>
    /// <exception cref="ConflictException">The facility's item master is being synced or applied, here or on another node.</exception>
    public async Task<Guid> StartAsync(string facilityId, string trigger, CancellationToken cancellationToken)
    {
        var holder = await TryHoldAsync(facilityId, cancellationToken) ?? throw new ConflictException(RunningMessage(facilityId));
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await RecordAsync(facilityId, holder, trigger, started, (run, ct) => SyncAsync(s => s.RunAsync(facilityId, run, ct)),
                    lifetime.ApplicationStopping);
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

    /// <summary>
    /// Applies the selected review rows as a recorded run triggered by <paramref name="appliedBy"/>. The selection is
    /// checked first, so a refused one answers with its reason and is not recorded as a failed run.
    /// </summary>
    /// <exception cref="RequestValidationException">The selection is wrong (the field is named).</exception>
    /// <exception cref="ConflictException">A selected item is blocked, or the facility's item master is busy.</exception>
    public async Task<ItemMasterApplyResult> ApplyAsync(
        string facilityId, IReadOnlyList<string?>? items, bool archiveMissing, string appliedBy, CancellationToken cancellationToken)
    {
        string facility;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var comparison = await reviews.CompareAsync(db, facilityId, cancellationToken);
            facility = comparison.Facility.Id;
            ItemMasterReviews.Select(facility, comparison.Differences, items, archiveMissing);
        }

        var holder = await TryHoldAsync(facility, cancellationToken) ?? throw new ConflictException(RunningMessage(facility));
        ItemMasterApplyResult? result = null;
        ExceptionDispatchInfo? refused = null;
        try
        {
            var run = await RecordAsync(facility, holder, $"apply by {appliedBy}", null, async (run, ct) =>
            {
                try
                {
                    await SyncAsync(async s => result = await s.ApplyAsync(facility, items!, archiveMissing, appliedBy, run, ct));
                }
                catch (Exception ex) when (ex is RequestValidationException or ConflictException or NotFoundException)
                {
                    // The review changed between the check and the apply's transaction: the caller hears why.
                    refused = ExceptionDispatchInfo.Capture(ex);
                    throw;
                }
            }, cancellationToken);
            refused?.Throw();
            return result ?? throw new InvalidOperationException($"The apply did not finish: {run.Error}");
        }
        finally
        {
            await LetGoAsync(facility, holder);
        }
    }

    /// <summary>The id of the facility's run in this process, or null when none is going.</summary>
    public Guid? RunningRunOf(string facilityId) => _running.GetValueOrDefault(facilityId);

    /// <summary>Asks a run of this process to stop (nothing it had not committed stays); false when no such run is going here.</summary>
    public bool Cancel(Guid runId)
    {
        if (!_cancellations.TryGetValue(runId, out var cancellation))
        {
            return false;
        }

        cancellation.Cancel();
        return true;
    }

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
    private async Task SyncAsync(Func<ItemMasterSync, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<ItemMasterSync>());
    }

    private async Task<SyncRunView> RecordAsync(
        string facilityId, string holder, string trigger, TaskCompletionSource<Guid>? started, Func<SyncRunHandle, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Guid? id = null;
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(facilityId, holder, cancellation, renewing.Token);
        try
        {
            return await recorder.RunAsync(ItemMasterSync.Job, trigger, facilityId, async (run, ct) =>
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
            // A database that cannot renew the lease cannot take the run's writes either; the run fails on its own.
            LogRenewFailed(logger, ex, facilityId);
        }
    }

    private static string RunningMessage(string facilityId) =>
        $"The item master of facility {facilityId} is already being synced or applied (here or on another portal node); wait for it to finish.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Item master sync of {FacilityId} skipped: a run of it is still going here or on another node")]
    private static partial void LogSkippedBusy(ILogger logger, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Item master sync of {FacilityId} could not be started")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The item master lease of {FacilityId} could not be released; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The item master lease of {FacilityId} could not be renewed")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string facilityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The item master run of {FacilityId} lost its lease to another node and is stopped")]
    private static partial void LogLeaseLost(ILogger logger, string facilityId);
}
