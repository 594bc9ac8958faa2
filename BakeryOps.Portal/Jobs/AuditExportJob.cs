using BakeryOps.Infrastructure.Audit;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The daily <c>audit</c> lake export: every closed day not yet written, one recorded run.</summary>
[DisallowConcurrentExecution]
public sealed class AuditExportJob(AuditExport export) : IJob
{
    public static readonly JobKey Key = new(AuditExport.Job);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await export.RunAsync(CardexSyncJob.ScheduleTrigger, cancellationToken);
}
