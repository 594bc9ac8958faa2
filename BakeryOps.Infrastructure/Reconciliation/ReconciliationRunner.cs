using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Takes reconciliation snapshots as recorded runs (job <c>reconciliation</c>): every linked facility in turn (the
/// schedule), or one facility now (after its cardex run, a user, an API caller). One per facility at a time
/// (lease <c>reconciliation:{facility}</c>).
/// </summary>
public sealed class ReconciliationRunner
{
    private readonly IServiceScopeFactory _scopes;
    private readonly FacilityRunGate _gate;

    public ReconciliationRunner(
        IServiceScopeFactory scopes,
        IDbContextFactory<BakeryOpsDbContext> contexts,
        SyncRunRecorder recorder,
        SyncLeases leases,
        IOptions<SyncOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<ReconciliationRunner> logger)
    {
        _scopes = scopes;
        _gate = new FacilityRunGate(ReconciliationService.Job, LeaseName, RunningMessage, contexts, recorder, leases,
            () => TimeSpan.FromSeconds(options.Value.LeaseSeconds), lifetime, logger);
    }

    public static string LeaseName(string facilityId) => $"reconciliation:{facilityId}";

    public Task<IReadOnlyList<SyncRunView>> RunAllAsync(string trigger, CancellationToken cancellationToken) =>
        _gate.RunAllAsync(trigger, (facility, run, ct) => SnapshotAsync(facility, run, ct), cancellationToken);

    /// <summary>Starts one facility's snapshot in the background and returns its run id once recorded.</summary>
    /// <exception cref="ConflictException">A snapshot of the facility is being taken, here or on another node.</exception>
    public Task<Guid> StartAsync(string facilityId, string trigger, CancellationToken cancellationToken) =>
        _gate.StartAsync(facilityId, trigger, (run, ct) => SnapshotAsync(facilityId, run, ct), cancellationToken);

    /// <summary>Takes one facility's snapshot now and returns the finished run.</summary>
    /// <exception cref="ConflictException">A snapshot of the facility is being taken, here or on another node.</exception>
    public Task<SyncRunView> RunNowAsync(string facilityId, string trigger, CancellationToken cancellationToken) =>
        _gate.RunNowAsync(facilityId, trigger, (run, ct) => SnapshotAsync(facilityId, run, ct), cancellationToken);

    public Guid? RunningRunOf(string facilityId) => _gate.RunningRunOf(facilityId);

    public bool Cancel(Guid runId) => _gate.Cancel(runId);

    // The service is transient (like the JD Edwards client it uses): a scope per run.
    private async Task SnapshotAsync(string facilityId, SyncRunHandle run, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconciliationService>().SnapshotAsync(facilityId, run, cancellationToken);
    }

    private static string RunningMessage(string facilityId) =>
        $"A reconciliation of facility {facilityId} is already running (here or on another portal node); wait for it to finish.";
}
