using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// The <c>scheduler</c> entry of <c>/health</c>: whether Quartz has started, its store and clustering, when the cardex
/// sync fires next, and the misfires this node has seen since it started. Degraded, not unhealthy, when it is not
/// running: the portal still serves, but nothing scheduled will run.
/// </summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, MisfireCounter misfires, IOptions<JobScheduleOptions> options) : IHealthCheck
{
    public const string Name = "scheduler";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var metadata = await scheduler.GetMetadata(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["status"] = metadata.Status.ToString(),
            ["store"] = metadata.JobStoreTypeName ?? "",
            ["persistent"] = metadata.JobStorePersistent,
            ["clustered"] = metadata.JobStoreClustered,
            ["schedulesEnabled"] = options.Value.SchedulerEnabled,
            ["jobsExecuted"] = metadata.JobsExecuted,
            ["misfires"] = misfires.Total,
        };
        foreach (var (job, count) in misfires.ByJob)
        {
            data[$"misfires:{job}"] = count;
        }

        if (misfires.Last is { } last)
        {
            data["lastMisfire"] = last.ToString("O", CultureInfo.InvariantCulture);
        }

        if (metadata.Status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Degraded("The job scheduler is not running: no scheduled sync or housekeeping will run.", data: data);
        }

        if (!options.Value.SchedulerEnabled)
        {
            return HealthCheckResult.Healthy("The job scheduler runs, with its schedules off (Jobs:SchedulerEnabled is false): jobs run only when asked.", data);
        }

        var triggers = await scheduler.GetTriggersOfJob(CardexSyncJob.Key, cancellationToken);
        var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
        if (next is { } fires)
        {
            data["cardexSyncNext"] = fires.ToString("O", CultureInfo.InvariantCulture);
        }

        return HealthCheckResult.Healthy(
            next is { } at ? $"The job scheduler runs; the cardex sync fires next at {at:yyyy-MM-dd HH:mm:ss} UTC." : "The job scheduler runs.", data);
    }
}
