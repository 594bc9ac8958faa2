using BakeryOps.Infrastructure.Sync;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The scheduled item master sync: every linked facility in turn, each a recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class ItemMasterSyncJob(ItemMasterSyncRunner runner) : IJob
{
    public static readonly JobKey Key = new(ItemMasterSync.Job);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAllAsync(CardexSyncJob.ScheduleTrigger, cancellationToken);
}
