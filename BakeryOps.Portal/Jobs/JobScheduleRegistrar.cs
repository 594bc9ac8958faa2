using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// Registers the job schedules with the running scheduler: a trigger that is missing is added, one whose cron or time
/// zone changed is replaced, and one that is already right is left alone (with its paused state), so starting another
/// portal node on a clustered store changes nothing. With <c>Jobs:SchedulerEnabled</c> off this node registers nothing.
/// </summary>
public sealed partial class JobScheduleRegistrar(ISchedulerFactory schedulers, IOptions<JobScheduleOptions> options, ILogger<JobScheduleRegistrar> logger)
    : IHostedService
{
    public static readonly TriggerKey CardexSyncTrigger = new(CardexSyncJob.Key.Name + "-schedule");

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
        var wanted = TriggerBuilder.Create().WithIdentity(CardexSyncTrigger).ForJob(CardexSyncJob.Key)
            .WithCronSchedule(settings.CardexSync, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        if (await scheduler.GetTrigger(CardexSyncTrigger, cancellationToken) is not ICronTrigger existing)
        {
            await scheduler.ScheduleJob(wanted, default, cancellationToken);
            LogRegistered(logger, CardexSyncJob.Key.Name, settings.CardexSync, settings.TimeZone);
        }
        else if (existing.CronExpressionString != settings.CardexSync || existing.TimeZone.Id != zone.Id)
        {
            await scheduler.RescheduleJob(CardexSyncTrigger, wanted, cancellationToken);
            LogRegistered(logger, CardexSyncJob.Key.Name, settings.CardexSync, settings.TimeZone);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule of {Job} registered: {Cron} in {TimeZone}")]
    private static partial void LogRegistered(ILogger logger, string job, string cron, string timeZone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job schedules are off on this node (Jobs:SchedulerEnabled is false); jobs run only when asked")]
    private static partial void LogSchedulesOff(ILogger logger);
}
