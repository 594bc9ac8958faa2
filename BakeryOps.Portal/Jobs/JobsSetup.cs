using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Quartz;

namespace BakeryOps.Portal.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Binds and validates the <c>Jobs</c> section at start; an unset <c>Jobs:TimeZone</c> becomes <c>Site:TimeZone</c>
    /// (a bad site zone then stops the start with the message naming <c>Site:TimeZone</c>).
    /// </summary>
    public static OptionsBuilder<JobScheduleOptions> AddJobScheduleOptions(this IServiceCollection services) =>
        services.AddValidatedOptions<JobScheduleOptions>(JobScheduleOptions.SectionName, o => o.Validate())
            .PostConfigure<IOptions<SiteOptions>>((jobs, site) =>
            {
                if (string.IsNullOrWhiteSpace(jobs.TimeZone))
                {
                    jobs.TimeZone = site.Value.TimeZone;
                }
            });

    /// <summary>
    /// Quartz in the portal process. On PostgreSQL the job store is persistent and clustered, so several portal nodes on
    /// one database fire each schedule once. Its <c>qrtz_</c> tables are created at start when missing, unless
    /// <c>Database:MigrateAtStartup</c> is false: then the DBA's script (deploy/sql) made them, the portal's role may not
    /// create tables, and Quartz only checks that they are there (refusing to start, naming them, when not). On SQLite it
    /// is in memory, for one node. The schedules are registered by <see cref="JobScheduleRegistrar"/> once Quartz runs,
    /// only when missing or changed: re-registering a trigger on every node start makes clustered nodes fire it twice.
    /// </summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var database = DatabaseSettings.Resolve(builder.Configuration, dataDirectory.Path);
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "bakeryops-portal";
                o.InstanceId = "AUTO";
            });
            if (database.Provider == DatabaseProvider.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(database.ConnectionString!);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                    if (database.MigrateAtStartup)
                    {
                        store.ProvisionSchema();
                    }

                    store.UseSystemTextJsonSerializer();
                });
            }

            q.AddJob<CardexSyncJob>(j => j.WithIdentity(CardexSyncJob.Key).StoreDurably());
            q.AddJob<ItemMasterSyncJob>(j => j.WithIdentity(ItemMasterSyncJob.Key).StoreDurably());
            q.AddJob<ReconciliationJob>(j => j.WithIdentity(ReconciliationJob.Key).StoreDurably());
            q.AddJob<DispatchRelayJob>(j => j.WithIdentity(DispatchRelayJob.Key).StoreDurably());
            q.AddJob<SessionCleanupJob>(j => j.WithIdentity(SessionCleanupJob.Key).StoreDurably());
            q.AddJob<AuditExportJob>(j => j.WithIdentity(AuditExportJob.Key).StoreDurably());
            q.AddJob<LakeHousekeepingJob>(j => j.WithIdentity(LakeHousekeepingJob.Key).StoreDurably());
            q.AddTriggerListener<MisfireListener>();
        });
        builder.Services.AddSingleton<MisfireCounter>();
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        // After Quartz's hosted service, so the scheduler has started when the schedules are registered.
        builder.Services.AddHostedService<JobScheduleRegistrar>();
        builder.Services.AddHealthChecks().AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name);
        builder.Services.AddSingleton<ScheduledJobs>();
        return builder;
    }
}
