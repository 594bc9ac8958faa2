using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// The <c>scheduler</c> entry of <c>/health</c>: whether Quartz has started, its store and clustering, when each job
/// fires next, and the misfires this node has seen since it started. Degraded, not unhealthy, when it is not
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

        var nextFirings = new List<string>();
        foreach (var job in PortalJob.All)
        {
            var triggers = await scheduler.GetTriggersOfJob(job.Key, cancellationToken);
            if (triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min() is { } fires)
            {
                // cardexSyncNext, itemMasterSyncNext
                data[NextKey(job.Name)] = fires.ToString("O", CultureInfo.InvariantCulture);
                nextFirings.Add($"the {job.Name.Replace('-', ' ')} fires next at {fires:yyyy-MM-dd HH:mm:ss} UTC");
            }
        }

        return HealthCheckResult.Healthy(
            nextFirings.Count > 0 ? $"The job scheduler runs; {string.Join("; ", nextFirings)}." : "The job scheduler runs.", data);
    }

    // cardex-sync → cardexSyncNext, as the entry's other data keys are written.
    private static string NextKey(string job)
    {
        var words = job.Split('-');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Next";
    }
}
