using Quartz;

namespace BakeryOps.Portal.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Quartz in the portal process with an in-memory store: the cardex sync on <c>Jobs:CardexSync</c> read in
    /// <c>Jobs:TimeZone</c>. A firing missed while the portal was down or busy is skipped, not caught up: the next run
    /// reads from the cursor anyway. Runs themselves are recorded in <c>sync_runs</c> by the jobs.
    /// </summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder)
    {
        // Read here because Quartz builds its triggers from registration; the same section is validated at start.
        var schedules = builder.Configuration.GetSection(JobScheduleOptions.SectionName).Get<JobScheduleOptions>() ?? new JobScheduleOptions();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "bakeryops-portal");
            q.AddJob<CardexSyncJob>(j => j.WithIdentity(CardexSyncJob.Key).StoreDurably());
            if (schedules.SchedulerEnabled && TimeZoneInfo.TryFindSystemTimeZoneById(schedules.TimeZone, out var zone))
            {
                q.AddTrigger(t => t.ForJob(CardexSyncJob.Key).WithIdentity(CardexSyncJob.Key.Name + "-schedule")
                    .WithCronSchedule(schedules.CardexSync, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            }
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHealthChecks().AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name);
        builder.Services.AddSingleton<ScheduledJobs>();
        return builder;
    }
}
