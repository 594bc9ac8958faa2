using BakeryOps.Infrastructure.Reconciliation;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The scheduled reconciliation snapshot: every linked facility in turn, each a recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class ReconciliationJob(ReconciliationRunner runner) : IJob
{
    public static readonly JobKey Key = new(ReconciliationService.Job);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAllAsync(CardexSyncJob.ScheduleTrigger, cancellationToken);
}
