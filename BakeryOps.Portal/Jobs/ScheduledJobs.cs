using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>The Quartz jobs as the API and the Sync Jobs page show and steer them: schedule, pause and resume.</summary>
public sealed class ScheduledJobs(ISchedulerFactory schedulers, SyncRunCatalog runs, IOptions<JobScheduleOptions> options)
{
    public async Task<IReadOnlyList<JobView>> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<JobView>(PortalJob.All.Count);
        foreach (var job in PortalJob.All)
        {
            views.Add(await ViewAsync(job, cancellationToken));
        }

        return views;
    }

    /// <exception cref="NotFoundException">There is no such job.</exception>
    public async Task<JobView> SetPausedAsync(string job, bool paused, CancellationToken cancellationToken)
    {
        var found = PortalJob.Find(job);
        var key = found.Key;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (paused)
        {
            await scheduler.PauseJob(key, cancellationToken);
        }
        else
        {
            await scheduler.ResumeJob(key, cancellationToken);
        }

        return await ViewAsync(found, cancellationToken);
    }

    private async Task<JobView> ViewAsync(PortalJob job, CancellationToken cancellationToken)
    {
        var key = job.Key;
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
        return new JobView(key.Name, settings.SchedulerEnabled ? job.Schedule(settings) : null, settings.TimeZone, settings.SchedulerEnabled, paused,
            paused ? null : triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min(), last);
    }
}
