using BakeryOps.Infrastructure.Sync;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The scheduled cardex sync: every linked facility in turn, each a recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class CardexSyncJob(CardexSyncRunner runner) : IJob
{
    public static readonly JobKey Key = new(CardexSync.Job);
    public const string ScheduleTrigger = "schedule";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAllAsync(ScheduleTrigger, cancellationToken);
}
