using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Jobs;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// Two portal nodes on one PostgreSQL database with the clustered job store and a cardex schedule every two seconds:
/// each firing runs once, on one node, and no two runs of the facility overlap.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ClusteredSchedulerTests(ClusteredSchedulerTests.ClusteredPortalFixture fixture) : IClassFixture<ClusteredSchedulerTests.ClusteredPortalFixture>
{
    private static readonly TimeSpan Observed = TimeSpan.FromSeconds(24);

    [Fact]
    public async Task TwoNodes_WhenTheScheduleFiresEveryTwoSeconds_ThenEachFiringRunsOnceAndRunsNeverOverlap()
    {
        var sync = new CardexSyncDriver(fixture);
        await sync.LoadSampleDataAsync();
        await using var second = new PortalFactory(fixture.NodeSettings());
        _ = second.BaseAddress;
        using var firstNode = fixture.CreateClient();
        using var secondNode = second.CreateHttpClient();
        var executedBefore = await JobsExecutedAsync(firstNode) + await JobsExecutedAsync(secondNode);
        var from = DateTimeOffset.UtcNow;
        var flour = await sync.OnHandAsync(CardexSyncDriver.Flour);

        // JD Edwards moves while both nodes sync it: a receipt every few seconds.
        var documents = new List<long>();
        var until = DateTime.UtcNow + Observed;
        while (DateTime.UtcNow < until - TimeSpan.FromSeconds(6))
        {
            documents.Add(await sync.RecordInJdeAsync("B_FLOUR_T55", 1m, "KG", "OV", explanation: "PO received"));
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        await Task.Delay(until - DateTime.UtcNow);

        var executed = await JobsExecutedAsync(firstNode) + await JobsExecutedAsync(secondNode) - executedBefore;
        var firings = (DateTimeOffset.UtcNow - from).TotalSeconds / 2;
        // Quartz's own count, not the runs: a double firing would be skipped by the facility lease and leave no run. A
        // firing more than a second late is skipped (LateStartLimit), so a starved machine runs fewer, never more: at
        // most one firing due before the window starts late inside it, and the dispatch relay's one in 24 s.
        executed.Should().BeInRange((long)(firings / 2), (long)firings + 2, "the two nodes together fire each schedule at most once ({0:0} firings)", firings);
        foreach (var node in new[] { firstNode, secondNode })
        {
            var scheduler = (await node.GetFromJsonAsync<JsonElement>("health")).GetProperty("checks").GetProperty("scheduler");
            scheduler.GetProperty("status").GetString().Should().Be("healthy");
            scheduler.GetProperty("data").GetProperty("clustered").ToString().Should().BeEquivalentTo("true");
        }

        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var runs = (await db.SyncRuns.AsNoTracking()
                .Where(r => r.Job == CardexSync.Job && r.Trigger == "schedule" && r.FacilityId == CardexSyncDriver.Facility)
                .ToListAsync())
            .Where(r => r.StartedAt >= from && r.Status != SyncRunStatus.Running)
            .OrderBy(r => r.StartedAt)
            .ToList();
        runs.Should().HaveCountGreaterThan(5, "the schedule fired every two seconds");
        runs.Should().OnlyContain(r => r.Status == SyncRunStatus.Succeeded);
        for (var i = 1; i < runs.Count; i++)
        {
            runs[i].StartedAt.Should().BeOnOrAfter(runs[i - 1].FinishedAt!.Value, "runs of one facility never overlap");
            // Two seconds apart on time; a firing up to a second late may start a second after the one before it.
            (runs[i].StartedAt - runs[i - 1].StartedAt).Should().BeGreaterThan(TimeSpan.FromMilliseconds(500), "a firing runs once, not once per node");
        }

        foreach (var document in documents)
        {
            var entry = (await sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
            (await sync.MovementsOfLedgerKeyAsync(entry.Ukid)).Should().Be(1);
        }

        (await sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(flour + documents.Count);
    }

    [Fact]
    public async Task Registrar_WhenAStoredTriggerHasNoLateStartLimit_ThenReplacesItWithHalfThePeriodAndLeavesRightOnesAlone()
    {
        var scheduler = await fixture.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var registrar = fixture.Services.GetServices<IHostedService>().OfType<JobScheduleRegistrar>().Single();
        var cardex = PortalJob.All.Single(j => j.Key.Equals(CardexSyncJob.Key)).Trigger;
        // As a node of the earlier release stored it: the store's threshold (a minute) for every schedule.
        var stored = TriggerBuilder.Create().WithIdentity(cardex).ForJob(CardexSyncJob.Key)
            .WithCronSchedule("0/2 * * * * ?", c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.RescheduleJob(cardex, stored);
        var itemMaster = await scheduler.GetTrigger(PortalJob.All.Single(j => j.Key.Equals(ItemMasterSyncJob.Key)).Trigger);

        await registrar.StartAsync(CancellationToken.None);

        (await scheduler.GetTrigger(cardex))!.MisfireThreshold.Should().Be(TimeSpan.FromSeconds(1), "half of the two-second period");
        var itemMasterAfter = await scheduler.GetTrigger(itemMaster!.Key);
        itemMasterAfter!.MisfireThreshold.Should().Be(LateStartLimit.Longest);
        itemMasterAfter.StartTimeUtc.Should().Be(itemMaster.StartTimeUtc, "a trigger that is already right is not replaced");
    }

    private static async Task<long> JobsExecutedAsync(HttpClient node) =>
        long.Parse((await node.GetFromJsonAsync<JsonElement>("health")).GetProperty("checks").GetProperty("scheduler").GetProperty("data")
            .GetProperty("jobsExecuted").ToString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first node; the test starts the second on the same database.</summary>
    public sealed class ClusteredPortalFixture : PortalFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Jobs:SchedulerEnabled"] = "true",
            ["Jobs:CardexSync"] = "0/2 * * * * ?",
            // The hourly jobs stay out of the window: one firing at :05 or :45 loaded both nodes, a cardex firing ran
            // late and the next one right after it, which this test cannot tell from a firing run twice.
            ["Jobs:ItemMasterSync"] = NeverInTheTest,
            ["Jobs:Reconciliation"] = NeverInTheTest,
        };

        private const string NeverInTheTest = "0 0 0 1 1 ? 2099";

        /// <summary>Another node on the same database, whose JD Edwards is this node's simulator (as both would share one AIS).</summary>
        public Dictionary<string, string?> NodeSettings() => new(Settings)
        {
            ["Database:Provider"] = Provider.ToString(),
            ["Database:ConnectionString"] = Database.ConnectionString,
            ["Jde:Mode"] = "Ais",
            ["Jde:BaseUrl"] = new Uri(Factory.BaseAddress, "jde-sim/jderest/").ToString(),
            ["Jde:Username"] = BakeryOps.Infrastructure.Jde.Simulator.JdeSimulatorAccount.Default.UserName,
            ["Jde:Password"] = BakeryOps.Infrastructure.Jde.Simulator.JdeSimulatorAccount.Default.Password,
        };
    }
}
