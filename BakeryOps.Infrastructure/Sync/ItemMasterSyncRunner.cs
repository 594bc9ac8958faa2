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
/// Starts item master runs and applies as recorded <c>sync_runs</c>, one at a time per facility
/// (<see cref="FacilityRunGate"/>, lease <c>item-master:{facility}</c>), the same way <see cref="CardexSyncRunner"/>
/// guards the cardex. A second start for a busy facility is a conflict; the schedule skips it.
/// </summary>
public sealed class ItemMasterSyncRunner
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IDbContextFactory<BakeryOpsDbContext> _contexts;
    private readonly ItemMasterReviews _reviews;
    private readonly FacilityRunGate _gate;

    public ItemMasterSyncRunner(
        IServiceScopeFactory scopes,
        IDbContextFactory<BakeryOpsDbContext> contexts,
        SyncRunRecorder recorder,
        SyncLeases leases,
        ItemMasterReviews reviews,
        IOptions<SyncOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<ItemMasterSyncRunner> logger)
    {
        _scopes = scopes;
        _contexts = contexts;
        _reviews = reviews;
        _gate = new FacilityRunGate(ItemMasterSync.Job, LeaseName, RunningMessage, contexts, recorder, leases,
            () => TimeSpan.FromSeconds(options.Value.LeaseSeconds), lifetime, logger);
    }

    /// <summary>The lease that lets one node work on a facility's item master.</summary>
    public static string LeaseName(string facilityId) => $"item-master:{facilityId}";

    /// <summary>Runs every facility linked to a JD Edwards branch, one after the other; a failure is recorded and the next goes on.</summary>
    public Task<IReadOnlyList<SyncRunView>> RunAllAsync(string trigger, CancellationToken cancellationToken) =>
        _gate.RunAllAsync(trigger, (facility, run, ct) => SyncAsync(s => s.RunAsync(facility, run, ct)), cancellationToken);

    /// <summary>Starts one facility's pull in the background and returns its run id once the run is recorded.</summary>
    /// <exception cref="ConflictException">The facility's item master is being synced or applied, here or on another node.</exception>
    public Task<Guid> StartAsync(string facilityId, string trigger, CancellationToken cancellationToken) =>
        _gate.StartAsync(facilityId, trigger, (run, ct) => SyncAsync(s => s.RunAsync(facilityId, run, ct)), cancellationToken);

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
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            var comparison = await _reviews.CompareAsync(db, facilityId, cancellationToken);
            facility = comparison.Facility.Id;
            ItemMasterReviews.Select(facility, comparison.Differences, items, archiveMissing);
        }

        ItemMasterApplyResult? result = null;
        ExceptionDispatchInfo? refused = null;
        var run = await _gate.RunNowAsync(facility, $"apply by {appliedBy}", async (run, ct) =>
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

    /// <summary>The id of the facility's run in this process, or null when none is going.</summary>
    public Guid? RunningRunOf(string facilityId) => _gate.RunningRunOf(facilityId);

    /// <summary>Asks a run of this process to stop (nothing it had not committed stays); false when no such run is going here.</summary>
    public bool Cancel(Guid runId) => _gate.Cancel(runId);

    // The sync is transient (like the JD Edwards client it uses): a scope per run.
    private async Task SyncAsync(Func<ItemMasterSync, Task> work)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<ItemMasterSync>());
    }

    private static string RunningMessage(string facilityId) =>
        $"The item master of facility {facilityId} is already being synced or applied (here or on another portal node); wait for it to finish.";
}
