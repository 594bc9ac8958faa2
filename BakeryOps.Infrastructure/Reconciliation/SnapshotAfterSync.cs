using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Takes a reconciliation snapshot of a facility each time one of its cardex runs succeeds in this process, so the
/// history holds a point after every sync (<c>Reconciliation:SnapshotAfterSync</c>).
/// </summary>
internal sealed partial class SnapshotAfterSync(
    SyncRunNotifications notifications,
    ReconciliationRunner runner,
    IOptions<ReconciliationOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SnapshotAfterSync> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SnapshotAfterSync)
        {
            notifications.RunChanged += OnRunChanged;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        notifications.RunChanged -= OnRunChanged;
        return Task.CompletedTask;
    }

    private void OnRunChanged(SyncRunView run)
    {
        if (run.Job != CardexSync.Job || run.Status != SyncRunStatuses.Name(SyncRunStatus.Succeeded) || run.FacilityId is not { } facilityId)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await runner.StartAsync(facilityId, $"after cardex run {run.Id}", lifetime.ApplicationStopping);
            }
            catch (ConflictException)
            {
                // One is being taken now; it reads the stock this run left.
                LogAlreadyRunning(logger, facilityId, run.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartFailed(logger, ex, facilityId, run.Id);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No reconciliation after cardex run {RunId} of {FacilityId}: one is running already")]
    private static partial void LogAlreadyRunning(ILogger logger, string facilityId, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reconciliation after cardex run {RunId} of {FacilityId} could not be started")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string facilityId, Guid runId);
}
