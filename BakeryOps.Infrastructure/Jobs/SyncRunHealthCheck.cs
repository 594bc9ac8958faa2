using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>
/// Degraded when a background job's last <c>Jobs:FailuresBeforeDegraded</c> runs all failed: the portal still serves,
/// but something it should be doing in the background (writing the lake, syncing JDE) has stopped.
/// </summary>
public sealed class SyncRunHealthCheck(SyncRunCatalog catalog, IOptions<SyncRunOptions> options) : IHealthCheck
{
    public const string Name = "jobs";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var jobs = await catalog.ListJobsAsync(cancellationToken);
        var threshold = options.Value.FailuresBeforeDegraded;
        var data = jobs.ToDictionary(j => j.Job, j => (object)Summary(j));
        if (jobs.Count == 0)
        {
            return HealthCheckResult.Healthy("No background job has run yet.", data);
        }

        var failing = jobs.Where(j => j.ConsecutiveFailures >= threshold).ToList();
        if (failing.Count > 0)
        {
            var reasons = failing.Select(j =>
                $"{j.Job}: the last {j.ConsecutiveFailures} runs failed, the latest at {Instant(j.LastRun.FinishedAt ?? j.LastRun.StartedAt)}: {j.LastRun.Error}");
            return HealthCheckResult.Degraded(string.Join(" ", reasons), data: data);
        }

        return HealthCheckResult.Healthy($"{jobs.Count} job(s), none failing {threshold} times in a row.", data);
    }

    private static string Summary(JobStandingView job) =>
        $"{job.LastRun.Status} at {Instant(job.LastRun.FinishedAt ?? job.LastRun.StartedAt)}"
        + (job.ConsecutiveFailures > 0 ? $", {job.ConsecutiveFailures} failure(s) in a row" : "");

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
