using BakeryOps.Infrastructure.Dispatch;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The scheduled dispatch relay: reads back unknown outcomes and posts approved postings, one recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchRelayJob(DispatchRelay relay) : IJob
{
    public static readonly JobKey Key = new(DispatchService.Job);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await relay.RunAsync(CardexSyncJob.ScheduleTrigger, cancellationToken);
}
