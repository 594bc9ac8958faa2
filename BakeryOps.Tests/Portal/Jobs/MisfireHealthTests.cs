using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Portal.Jobs;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BakeryOps.Tests.Portal.Jobs;

/// <summary>A firing Quartz could not run on time is counted, by job, in the scheduler's <c>/health</c> entry.</summary>
[Trait("Category", "Sqlite")]
public sealed class MisfireHealthTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Health_WhenATriggerMisfires_ThenTheSchedulerEntryCountsItForItsJob()
    {
        var scheduler = await fixture.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var before = fixture.Services.GetRequiredService<MisfireCounter>().Total;
        // Due ten minutes ago, far past the store's misfire threshold (60 s): Quartz finds it late and misfires it; with
        // no repeats left it never runs, so no cardex run starts.
        var late = TriggerBuilder.Create()
            .WithIdentity("misfire-test")
            .ForJob(CardexSyncJob.Key)
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(-10))
            .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();

        await scheduler.ScheduleJob(late);

        using var client = fixture.CreateClient();
        JsonElement data = default;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var health = await client.GetFromJsonAsync<JsonElement>("health");
            data = health.GetProperty("checks").GetProperty("scheduler").GetProperty("data");
            if (Count(data, "misfires") > before)
            {
                break;
            }

            await Task.Delay(100);
        }

        Count(data, "misfires").Should().Be(before + 1);
        Count(data, $"misfires:{CardexSyncJob.Key.Name}").Should().BeGreaterThanOrEqualTo(1);
        data.TryGetProperty("lastMisfire", out _).Should().BeTrue();
    }

    // The health writer renders data values as text.
    private static long Count(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? long.Parse(value.ToString(), CultureInfo.InvariantCulture) : 0;
}
