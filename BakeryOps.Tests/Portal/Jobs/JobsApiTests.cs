using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Jobs;

/// <summary>The jobs API over HTTP: starting a cardex run, the run and its history, and who may do what.</summary>
[Trait("Category", "Sqlite")]
public sealed class JobsApiTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_WhenStarted_Then202WithTheRunWhichFinishesAndIsInTheHistory()
    {
        using var client = await AdminAsync();

        using var response = await client.PostAsync("jobs/cardex-sync/run", Json("""{"facility":"default_facility","mode":"incremental"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = run.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().Should().Be($"/jobs/runs/{id}");
        run.GetProperty("job").GetString().Should().Be("cardex-sync");
        run.GetProperty("trigger").GetString().Should().Be("admin");
        var finished = await WaitForFinishAsync(client, id);
        finished.GetProperty("status").GetString().Should().Be("succeeded", finished.ToString());
        finished.GetProperty("counts").GetProperty("read").GetInt64().Should().BePositive();

        using var history = await client.GetAsync($"jobs/runs?job=cardex-sync&status=succeeded&facility=default_facility&size=5");
        history.StatusCode.Should().Be(HttpStatusCode.OK);
        int.Parse(history.Headers.GetValues("X-Total-Count").Single()).Should().BePositive();
        (await history.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Should().Contain(id);
    }

    [Fact]
    public async Task Run_WhileTheFacilityIsRunning_Then409()
    {
        using var client = await AdminAsync();
        var faults = fixture.Services.GetRequiredService<JdeSimulatorFaults>();
        faults.Latency = TimeSpan.FromSeconds(2);
        try
        {
            using var first = await StartWhenFreeAsync(client);
            using var second = await client.PostAsync("jobs/cardex-sync/run", null);

            second.StatusCode.Should().Be(HttpStatusCode.Conflict, await second.Content.ReadAsStringAsync());
            (await second.Content.ReadAsStringAsync()).Should().Contain("already running");
            await WaitForFinishAsync(client, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        finally
        {
            faults.Latency = TimeSpan.Zero;
        }
    }

    [Theory]
    [InlineData("jobs/nightly-report/run", null, HttpStatusCode.NotFound)]
    [InlineData("jobs/cardex-sync/run", """{"facility":"nowhere"}""", HttpStatusCode.NotFound)]
    [InlineData("jobs/cardex-sync/run", """{"mode":"sometimes"}""", HttpStatusCode.BadRequest)]
    [InlineData("jobs/cardex-sync/run", """[1]""", HttpStatusCode.BadRequest)]
    public async Task Run_WhenTheJobFacilityOrModeIsWrong_ThenAProblemAndNoRun(string path, string? body, HttpStatusCode expected)
    {
        using var client = await AdminAsync();

        using var response = await client.PostAsync(path, body is null ? null : Json(body));

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task LakeHousekeeping_WhenOneDayIsAsked_Then202WithTheFinishedRunAndADayNotADateOrNotStarted400()
    {
        using var client = await AdminAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await client.PostAsync("jobs/lake-housekeeping/run", Json($$"""{"day":"{{today}}"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.Headers.Location!.ToString().Should().Be($"/jobs/runs/{run.GetProperty("id").GetGuid()}");
        run.GetProperty("job").GetString().Should().Be("lake-housekeeping");
        run.GetProperty("status").GetString().Should().Be("succeeded", run.ToString());

        using var notADate = await client.PostAsync("jobs/lake-housekeeping/run", Json("""{"day":"2026-13-01"}"""));
        notADate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notADate.Content.ReadAsStringAsync()).Should().Contain("YYYY-MM-DD");
        using var future = await client.PostAsync("jobs/lake-housekeeping/run", Json("""{"day":"9999-12-31"}"""));
        future.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await future.Content.ReadAsStringAsync()).Should().Contain("has not started yet");
        using var notAnObject = await client.PostAsync("jobs/lake-housekeeping/run", Json("""["2026-11-26"]"""));
        notAnObject.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Runs_WhenTheIdIsUnknownOrTheStatusIsNotOne_Then404And400()
    {
        using var client = await AdminAsync();

        using var unknown = await client.GetAsync($"jobs/runs/{Guid.NewGuid()}");
        using var badStatus = await client.GetAsync("jobs/runs?status=sleeping");

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badStatus.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Access_WhenAnonymousOrAViewer_Then401Or403ToRunButViewersReadTheHistory()
    {
        using var anonymous = fixture.CreateClient();
        await fixture.CreateUserAsync("viewer-jobs", "Viewer-Jobs-Passw0rd!", Roles.Viewer);
        using var viewer = fixture.CreateClient();
        viewer.WithBearer(await viewer.GetTokenAsync("viewer-jobs", "Viewer-Jobs-Passw0rd!"));

        (await anonymous.PostAsync("jobs/cardex-sync/run", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("jobs/runs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await viewer.PostAsync("jobs/cardex-sync/run", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.PostAsync("jobs/lake-housekeeping/run", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await viewer.PostAsync("jobs/lake-housekeeping/run", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await viewer.GetAsync("jobs/runs")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        return client;
    }

    /// <summary>Another test's run may still hold the facility; start once it is free.</summary>
    private static async Task<HttpResponseMessage> StartWhenFreeAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await client.PostAsync("jobs/cardex-sync/run", null);
            if (response.StatusCode != HttpStatusCode.Conflict || DateTime.UtcNow > deadline)
            {
                response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
                return response;
            }

            response.Dispose();
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> WaitForFinishAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"jobs/runs/{id}");
            if (run.GetProperty("status").GetString() != "running")
            {
                return run;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "run {0} should finish", id);
            await Task.Delay(200);
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
