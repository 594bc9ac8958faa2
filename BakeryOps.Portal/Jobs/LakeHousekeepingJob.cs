using BakeryOps.Infrastructure.Lake.Housekeeping;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The nightly <c>lake-housekeeping</c> (<c>Jobs:LakeHousekeeping</c>): compaction, retention and the upload sweep, one recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class LakeHousekeepingJob(LakeHousekeeping housekeeping) : IJob
{
    public static readonly JobKey Key = new(LakeHousekeeping.Job);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await housekeeping.RunAsync(CardexSyncJob.ScheduleTrigger, cancellationToken);
}
