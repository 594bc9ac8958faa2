using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Jobs;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>How cardex runs are started: now for one facility (one at a time), and by the schedule for every linked facility.</summary>
[Trait("Category", "Sqlite")]
public sealed class CardexSyncRunnerTests(CardexSyncRunnerTests.ScheduledPortalFixture fixture) : IClassFixture<CardexSyncRunnerTests.ScheduledPortalFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Schedule_WhenItFires_ThenEveryLinkedFacilityGetsARecordedRunTriggeredBySchedule()
    {
        var run = await WaitForRunAsync(r => r.Trigger == "schedule" && r.FacilityId == CardexSyncDriver.Facility && r.Status == SyncRunStatus.Succeeded);

        run.Counts.Should().ContainKey(CardexSyncCounts.Read);
    }

    [Fact]
    public async Task Health_WhenTheSchedulerRuns_ThenItsEntrySaysWhenTheCardexSyncFiresNext()
    {
        using var client = fixture.CreateClient();

        var health = await client.GetFromJsonAsync<JsonElement>("health");

        var scheduler = health.GetProperty("checks").GetProperty("scheduler");
        scheduler.GetProperty("status").GetString().Should().Be("healthy");
        scheduler.GetProperty("description").GetString().Should().Contain("the cardex sync fires next at");
        scheduler.GetProperty("data").GetProperty("schedulesEnabled").ToString().Should().BeEquivalentTo("true");
    }

    [Fact]
    public async Task StartNow_WhenTheFacilityIsAlreadyRunning_ThenConflictAndTheFirstRunFinishes()
    {
        var runner = fixture.Services.GetRequiredService<CardexSyncRunner>();
        var faults = fixture.Services.GetRequiredService<JdeSimulatorFaults>();
        // The schedule (every two seconds) would keep the facility busy; this test is about a run started now.
        var scheduler = await fixture.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.PauseJob(CardexSyncJob.Key);
        faults.Latency = TimeSpan.FromSeconds(2);
        Guid first;
        try
        {
            first = await WaitUntilStartedAsync(runner);
            var second = () => runner.StartAsync(CardexSyncDriver.Facility, CardexSyncMode.Incremental, "test", CancellationToken.None);

            (await second.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("already running");
            runner.RunningRunOf(CardexSyncDriver.Facility).Should().Be(first);
        }
        finally
        {
            faults.Latency = TimeSpan.Zero;
            await scheduler.ResumeJob(CardexSyncJob.Key);
        }

        var finished = await WaitForRunAsync(r => r.Id == first && r.Status != SyncRunStatus.Running);
        finished.Status.Should().Be(SyncRunStatus.Succeeded);
        finished.Trigger.Should().Be("test");
    }

    [Fact]
    public async Task PauseAndResume_WhenAskedOverTheApi_ThenTheScheduleStopsFiringAndStartsAgain()
    {
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));

        var listed = (await client.GetFromJsonAsync<JsonElement>("jobs")).EnumerateArray().Single(j => j.GetProperty("job").GetString() == CardexSync.Job);
        listed.GetProperty("schedule").GetString().Should().Be("0/2 * * * * ?");
        listed.GetProperty("paused").GetBoolean().Should().BeFalse();
        listed.GetProperty("nextFireTime").ValueKind.Should().Be(JsonValueKind.String);

        try
        {
            using var pause = await client.PostAsync("jobs/cardex-sync/pause", null);
            var paused = await pause.Content.ReadFromJsonAsync<JsonElement>();
            paused.GetProperty("paused").GetBoolean().Should().BeTrue();
            paused.GetProperty("nextFireTime").ValueKind.Should().Be(JsonValueKind.Null);
            await Task.Delay(500); // a firing that was already under way finishes
            var before = await ScheduledRunCountAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            (await ScheduledRunCountAsync()).Should().Be(before, "a paused schedule does not fire");
        }
        finally
        {
            using var resume = await client.PostAsync("jobs/cardex-sync/resume", null);
            (await resume.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paused").GetBoolean().Should().BeFalse();
        }

        var resumedAfter = DateTimeOffset.UtcNow;
        await WaitForRunAsync(r => r.Trigger == "schedule" && r.StartedAt > resumedAfter);
    }

    [Fact]
    public async Task Cancel_WhenARunIsGoing_ThenItIsRecordedCancelled()
    {
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        var runner = fixture.Services.GetRequiredService<CardexSyncRunner>();
        var faults = fixture.Services.GetRequiredService<JdeSimulatorFaults>();
        // The schedule would keep taking the facility while its slow runs go on.
        (await client.PostAsync("jobs/cardex-sync/pause", null)).Dispose();
        Guid id;
        try
        {
            id = await WaitUntilStartedAsync(runner, beforeStart: () => faults.Latency = TimeSpan.FromSeconds(5));
            using var cancel = await client.PostAsync($"jobs/runs/{id}/cancel", null);
            cancel.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, await cancel.Content.ReadAsStringAsync());
        }
        finally
        {
            faults.Latency = TimeSpan.Zero;
            (await client.PostAsync("jobs/cardex-sync/resume", null)).Dispose();
        }

        var run = await WaitForRunAsync(r => r.Id == id && r.Status != SyncRunStatus.Running);
        run.Status.Should().Be(SyncRunStatus.Cancelled);
        using var again = await client.PostAsync($"jobs/runs/{id}/cancel", null);
        again.StatusCode.Should().Be(System.Net.HttpStatusCode.Conflict);
    }

    private async Task<int> ScheduledRunCountAsync()
    {
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        return await db.SyncRuns.CountAsync(r => r.Job == CardexSync.Job && r.Trigger == "schedule");
    }

    /// <summary>The schedule may hold the facility for a moment; a manual start goes in once it is free.</summary>
    private static async Task<Guid> WaitUntilStartedAsync(CardexSyncRunner runner, Action? beforeStart = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (runner.RunningRunOf(CardexSyncDriver.Facility) is null)
                {
                    beforeStart?.Invoke();
                }

                return await runner.StartAsync(CardexSyncDriver.Facility, CardexSyncMode.Incremental, "test", CancellationToken.None);
            }
            catch (ConflictException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task<SyncRun> WaitForRunAsync(Func<SyncRun, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
            {
                var runs = await db.SyncRuns.AsNoTracking().Where(r => r.Job == CardexSync.Job).ToListAsync();
                if (runs.FirstOrDefault(match) is { } run)
                {
                    return run;
                }

                DateTime.UtcNow.Should().BeBefore(deadline, "a matching cardex run should have been recorded; found: {0}",
                    string.Join("; ", runs.Select(r => $"{r.Trigger} {r.FacilityId} {r.Status} {r.Error}")));
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A portal whose cardex schedule fires every two seconds.</summary>
    public sealed class ScheduledPortalFixture : PortalFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Jobs:SchedulerEnabled"] = "true",
            ["Jobs:CardexSync"] = "0/2 * * * * ?",
        };
    }
}
