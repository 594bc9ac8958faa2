using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// Registers the job schedules with the running scheduler: a trigger that is missing is added, one whose cron, time
/// zone or late-start limit (<see cref="LateStartLimit"/>) changed is replaced, and one that is already right is left
/// alone (with its paused state), so starting another portal node on a clustered store changes nothing. With
/// <c>Jobs:SchedulerEnabled</c> off this node registers nothing.
/// </summary>
public sealed partial class JobScheduleRegistrar(
    ISchedulerFactory schedulers, IOptions<JobScheduleOptions> options, TimeProvider clock, ILogger<JobScheduleRegistrar> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.SchedulerEnabled)
        {
            LogSchedulesOff(logger);
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        foreach (var job in PortalJob.All)
        {
            var cron = job.Schedule(settings);
            var lateStartLimit = LateStartLimit.For(cron, zone, clock.GetUtcNow());
            // A missed firing is skipped, not caught up: each run reads from where the last one got to (the cardex
            // cursor) or reads everything again (the item master), so a catch-up run only adds load.
            var wanted = TriggerBuilder.Create().WithIdentity(job.Trigger).ForJob(job.Key)
                .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .WithMisfireThreshold(lateStartLimit)
                .Build();
            if (await scheduler.GetTrigger(job.Trigger, cancellationToken) is not ICronTrigger existing)
            {
                await scheduler.ScheduleJob(wanted, default, cancellationToken);
                LogRegistered(logger, job.Name, cron, settings.TimeZone, lateStartLimit.TotalSeconds);
            }
            else if (existing.CronExpressionString != cron || existing.TimeZone.Id != zone.Id || existing.MisfireThreshold != lateStartLimit)
            {
                await scheduler.RescheduleJob(job.Trigger, wanted, cancellationToken);
                LogRegistered(logger, job.Name, cron, settings.TimeZone, lateStartLimit.TotalSeconds);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule of {Job} registered: {Cron} in {TimeZone}, a firing more than {LateStartLimitSeconds} s late skipped")]
    private static partial void LogRegistered(ILogger logger, string job, string cron, string timeZone, double lateStartLimitSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job schedules are off on this node (Jobs:SchedulerEnabled is false); jobs run only when asked")]
    private static partial void LogSchedulesOff(ILogger logger);
}
