using BakeryOps.Infrastructure.Sessions;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The scheduled session cleanup (<c>Jobs:SessionCleanup</c>): expired session data and dead refresh tokens, one recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class SessionCleanupJob(SessionCleanupRunner runner) : IJob
{
    public static readonly JobKey Key = new(SessionCleanupRunner.Job);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAsync(CardexSyncJob.ScheduleTrigger, cancellationToken);
}
