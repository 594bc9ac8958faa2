using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The Quartz jobs as the API and the Sync Jobs page show and steer them: schedule, pause and resume.</summary>
public sealed class ScheduledJobs(ISchedulerFactory schedulers, SyncRunCatalog runs, IOptions<JobScheduleOptions> options)
{
    public async Task<IReadOnlyList<JobView>> ListAsync(CancellationToken cancellationToken) =>
        [await ViewAsync(CardexSyncJob.Key, cancellationToken)];

    /// <exception cref="NotFoundException">There is no such job.</exception>
    public async Task<JobView> SetPausedAsync(string job, bool paused, CancellationToken cancellationToken)
    {
        var key = KeyOf(job);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (paused)
        {
            await scheduler.PauseJob(key, cancellationToken);
        }
        else
        {
            await scheduler.ResumeJob(key, cancellationToken);
        }

        return await ViewAsync(key, cancellationToken);
    }

    private static JobKey KeyOf(string job) =>
        job == CardexSyncJob.Key.Name ? CardexSyncJob.Key : throw new NotFoundException($"There is no job '{job}'; the jobs are: {CardexSyncJob.Key.Name}.");

    private async Task<JobView> ViewAsync(JobKey key, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
        var states = new List<TriggerState>();
        foreach (var trigger in triggers)
        {
            states.Add(await scheduler.GetTriggerState(trigger.Key, cancellationToken));
        }

        var paused = states.Count > 0 && states.All(s => s == TriggerState.Paused);
        var last = (await runs.ListRunsAsync(key.Name, null, null, 0, 1, cancellationToken)).Items.FirstOrDefault();
        return new JobView(key.Name, settings.SchedulerEnabled ? settings.CardexSync : null, settings.TimeZone, settings.SchedulerEnabled, paused,
            paused ? null : triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min(), last);
    }
}
