using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>A scheduled job of the portal: its Quartz key and the <c>Jobs:</c> setting that holds its cron.</summary>
public sealed record PortalJob(JobKey Key, Func<JobScheduleOptions, string> Schedule)
{
    /// <summary>Every scheduled job, in the order the API and the Sync Jobs page list them.</summary>
    public static IReadOnlyList<PortalJob> All { get; } =
    [
        new(CardexSyncJob.Key, o => o.CardexSync),
        new(ItemMasterSyncJob.Key, o => o.ItemMasterSync),
        new(ReconciliationJob.Key, o => o.Reconciliation),
        new(DispatchRelayJob.Key, o => o.DispatchRelay),
        new(SessionCleanupJob.Key, o => o.SessionCleanup),
        new(AuditExportJob.Key, o => o.AuditExport),
        new(LakeHousekeepingJob.Key, o => o.LakeHousekeeping),
    ];

    public TriggerKey Trigger { get; } = new(Key.Name + "-schedule");

    public string Name => Key.Name;

    /// <exception cref="Domain.Errors.NotFoundException">There is no such job.</exception>
    public static PortalJob Find(string? name) =>
        All.FirstOrDefault(j => j.Name == name)
        ?? throw new Domain.Errors.NotFoundException($"There is no job '{name}'; the jobs are: {string.Join(", ", All.Select(j => j.Name))}.");
}
