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
/// (a user or an API caller). One run per facility at a time (<see cref="FacilityRunGate"/>, lease
/// <c>cardex:{facility}</c>). A second request for a facility that is running is refused with a conflict rather than
/// queued; the schedule skips it.
/// </summary>
public sealed class CardexSyncRunner
{
    private readonly IServiceScopeFactory _scopes;
    private readonly FacilityRunGate _gate;

    public CardexSyncRunner(
        IServiceScopeFactory scopes,
        IDbContextFactory<BakeryOpsDbContext> contexts,
        SyncRunRecorder recorder,
        SyncLeases leases,
        IOptions<SyncOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<CardexSyncRunner> logger)
    {
        _scopes = scopes;
        _gate = new FacilityRunGate(CardexSync.Job, LeaseName, RunningMessage, contexts, recorder, leases,
            () => TimeSpan.FromSeconds(options.Value.LeaseSeconds), lifetime, logger);
    }

    /// <summary>The lease that lets one node sync a facility's cardex.</summary>
    public static string LeaseName(string facilityId) => $"cardex:{facilityId}";

    /// <summary>Runs the sync of every facility linked to a JD Edwards branch, one after the other; a failure is recorded and the next goes on.</summary>
    public Task<IReadOnlyList<SyncRunView>> RunAllAsync(string trigger, CancellationToken cancellationToken) =>
        _gate.RunAllAsync(trigger, (facility, run, ct) => SyncAsync(s => s.RunAsync(facility, CardexSyncMode.Incremental, run, ct)), cancellationToken);

    /// <summary>
    /// Starts one facility's run in the background and returns its id once the run is recorded. The run goes on after
    /// the caller's request ends, until it finishes or the portal stops.
    /// </summary>
    /// <exception cref="ConflictException">The facility's cardex sync is already running, here or on another node.</exception>
    public Task<Guid> StartAsync(string facilityId, CardexSyncMode mode, string trigger, CancellationToken cancellationToken) =>
        _gate.StartAsync(facilityId, trigger, (run, ct) => SyncAsync(s => s.RunAsync(facilityId, mode, run, ct)), cancellationToken);

    /// <summary>Retries quarantined rows of a facility now, as a recorded run, while no other run of it goes on.</summary>
    /// <exception cref="ConflictException">The facility's cardex sync is running, here or on another node.</exception>
    public Task<SyncRunView> RetryAsync(
        string facilityId, IReadOnlyCollection<Guid>? ids, QuarantineReason? reason, string trigger, CancellationToken cancellationToken) =>
        _gate.RunNowAsync(facilityId, trigger, (run, ct) => SyncAsync(s => s.RetryQuarantinedAsync(facilityId, ids, reason, run, ct)), cancellationToken);

    /// <summary>The id of the facility's run in this process, or null when none is going.</summary>
    public Guid? RunningRunOf(string facilityId) => _gate.RunningRunOf(facilityId);

    /// <summary>
    /// Asks a run of this process to stop. It stops at once: the batch in progress rolls back and the next run reads it
    /// again; the run is recorded as cancelled. False when no such run is going here.
    /// </summary>
    public bool Cancel(Guid runId) => _gate.Cancel(runId);

    // The sync is transient (like the JD Edwards client it uses): a scope per run.
    private async Task SyncAsync(Func<CardexSync, Task> work)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<CardexSync>());
    }

    private static string RunningMessage(string facilityId) =>
        $"The cardex sync of facility {facilityId} is already running (here or on another portal node); wait for it to finish.";
}
