using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Sync;

/// <summary>
/// The item master over HTTP: a run started through the jobs API, the review it leaves, an apply by a planner, and who
/// may do what; bad input is refused with a problem naming the field.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class ItemMasterApiTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ItemMasterSyncDriver _sync = new(fixture);

    [Fact]
    public async Task RunReviewApply_WhenJdeAddsAnItem_ThenThePlannerAppliesItAndTheReviewIsClean()
    {
        await _sync.LoadSampleDataAsync();
        using var admin = await SignedInAsync("admin", PortalFactory.AdminPassword);
        await RunAndWaitAsync(admin);
        _sync.SetItem(60093, "B_POPPY_SEED", "Poppy seeds 5kg", "KG", shelfLifeDays: 365);

        var run = await RunAndWaitAsync(admin);

        run.GetProperty("job").GetString().Should().Be("item-master-sync");
        run.GetProperty("counts").GetProperty("new").GetInt64().Should().BeGreaterThanOrEqualTo(1);
        var review = await admin.GetFromJsonAsync<JsonElement>("jobs/item-master/review?facility=default_facility");
        review.GetProperty("autoApply").GetBoolean().Should().BeFalse();
        var poppy = review.GetProperty("items").EnumerateArray().Should().ContainSingle(i => i.GetProperty("item").GetString() == "B_POPPY_SEED").Subject;
        poppy.GetProperty("change").GetString().Should().Be("new");
        poppy.GetProperty("attributes").EnumerateArray().Select(a => (a.GetProperty("attribute").GetString(), a.GetProperty("jde").GetString()))
            .Should().Contain(("unit", "KG")).And.Contain(("shelf_life_days", "365"));
        await fixture.CreateUserAsync("planner-im", "Planner-Im-Passw0rd!", Roles.Planner);
        using var planner = await SignedInAsync("planner-im", "Planner-Im-Passw0rd!");

        using var applied = await planner.PostAsync("jobs/item-master/apply", Json("""{"facility":"default_facility","items":["B_POPPY_SEED"],"archiveMissing":false}"""));

        applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var result = await applied.Content.ReadFromJsonAsync<JsonElement>();
        var created = result.GetProperty("created").EnumerateArray().Should().ContainSingle().Subject;
        created.GetProperty("item").GetString().Should().Be("B_POPPY_SEED");
        var productId = created.GetProperty("productId").GetString();
        result.GetProperty("updated").GetArrayLength().Should().Be(0);
        result.GetProperty("archived").GetArrayLength().Should().Be(0);
        var applyRun = await admin.GetFromJsonAsync<JsonElement>($"jobs/runs/{result.GetProperty("runId").GetGuid()}");
        applyRun.GetProperty("trigger").GetString().Should().Be("apply by planner-im");
        applyRun.GetProperty("counts").GetProperty("created").GetInt64().Should().Be(1);
        var product = await admin.GetFromJsonAsync<JsonElement>($"bakeryops/facilities/default_facility/products/{productId}");
        product.GetProperty("productName").GetString().Should().Be("Poppy seeds 5kg");
        product.GetProperty("shelfLifeDays").GetInt32().Should().Be(365);
        (await admin.GetFromJsonAsync<JsonElement>("jobs/item-master/review?facility=default_facility")).GetProperty("items").EnumerateArray()
            .Should().NotContain(i => i.GetProperty("item").GetString() == "B_POPPY_SEED");
        var jobs = await admin.GetFromJsonAsync<JsonElement>("jobs");
        jobs.EnumerateArray().Select(j => j.GetProperty("job").GetString()).Should().Equal("cardex-sync", "item-master-sync", "reconciliation", "dispatch-relay", "session-cleanup", "audit-export", "lake-housekeeping");
    }

    [Fact]
    public async Task Run_WhileTheFacilitysItemMasterIsRunning_Then409()
    {
        using var admin = await SignedInAsync("admin", PortalFactory.AdminPassword);
        var faults = fixture.Services.GetRequiredService<JdeSimulatorFaults>();
        faults.Latency = TimeSpan.FromSeconds(2);
        try
        {
            var first = await StartWhenFreeAsync(admin);
            using var second = await admin.PostAsync("jobs/item-master-sync/run", Json("""{"facility":"default_facility"}"""));

            second.StatusCode.Should().Be(HttpStatusCode.Conflict, await second.Content.ReadAsStringAsync());
            (await second.Content.ReadAsStringAsync()).Should().Contain("already being synced or applied");
            await WaitForFinishAsync(admin, first);
        }
        finally
        {
            faults.Latency = TimeSpan.Zero;
        }
    }

    [Theory]
    [InlineData("GET", "jobs/item-master/review?facility=no%20such%20facility!", null, HttpStatusCode.BadRequest, "facility")]
    [InlineData("GET", "jobs/item-master/review?facility=nowhere", null, HttpStatusCode.NotFound, null)]
    [InlineData("POST", "jobs/item-master/apply", """{"facility":"default_facility","items":[]}""", HttpStatusCode.BadRequest, "items")]
    [InlineData("POST", "jobs/item-master/apply", """{"facility":"default_facility","items":[""]}""", HttpStatusCode.BadRequest, "items[0]")]
    [InlineData("POST", "jobs/item-master/apply", """{"facility":"default_facility","items":["NOT_AN_ITEM_HERE"]}""", HttpStatusCode.BadRequest, "items[0]")]
    [InlineData("POST", "jobs/item-master/apply", """{"facility":"default_facility","items":"B_FLOUR_T55"}""", HttpStatusCode.BadRequest, "items")]
    [InlineData("POST", "jobs/item-master/apply", """{"facility":"default_facility","items":["B_FLOUR_T55"],"archiveMissing":"maybe"}""", HttpStatusCode.BadRequest, "archiveMissing")]
    [InlineData("POST", "jobs/item-master/apply", """{"facility":"nowhere","items":["B_FLOUR_T55"]}""", HttpStatusCode.NotFound, null)]
    [InlineData("POST", "jobs/item-master/apply", """[1]""", HttpStatusCode.BadRequest, "body")]
    [InlineData("POST", "jobs/item-master-sync/run", """{"facility":"default_facility","mode":"full-history"}""", HttpStatusCode.BadRequest, "mode")]
    public async Task Requests_WhenTheInputIsWrong_ThenAProblemNamingTheField(string method, string path, string? body, HttpStatusCode expected, string? field)
    {
        using var admin = await SignedInAsync("admin", PortalFactory.AdminPassword);

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json(body) });

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        if (field is not null)
        {
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(field);
        }
    }

    [Fact]
    public async Task Access_WhenAnonymousOrAViewer_Then401Or403ToApplyButViewersReadTheReview()
    {
        using var anonymous = fixture.CreateClient();
        await fixture.CreateUserAsync("viewer-im", "Viewer-Im-Passw0rd!", Roles.Viewer);
        using var viewer = await SignedInAsync("viewer-im", "Viewer-Im-Passw0rd!");
        var apply = """{"facility":"default_facility","items":["B_FLOUR_T55"]}""";

        (await anonymous.GetAsync("jobs/item-master/review?facility=default_facility")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("jobs/item-master/apply", Json(apply))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("jobs/item-master-sync/run", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await viewer.GetAsync("jobs/item-master/review?facility=default_facility")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await viewer.PostAsync("jobs/item-master/apply", Json(apply))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await viewer.PostAsync("jobs/item-master-sync/run", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> SignedInAsync(string user, string password)
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync(user, password));
        return client;
    }

    private static async Task<JsonElement> RunAndWaitAsync(HttpClient client) => await WaitForFinishAsync(client, await StartWhenFreeAsync(client));

    /// <summary>Another test's run may still hold the facility; start once it is free. Returns the run id.</summary>
    private static async Task<Guid> StartWhenFreeAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await client.PostAsync("jobs/item-master-sync/run", Json("""{"facility":"default_facility"}"""));
            if (response.StatusCode != HttpStatusCode.Conflict || DateTime.UtcNow > deadline)
            {
                response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                response.Headers.Location!.ToString().Should().Be($"/jobs/runs/{id}");
                return id;
            }

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
                run.GetProperty("status").GetString().Should().Be("succeeded", run.ToString());
                return run;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "run {0} should finish", id);
            await Task.Delay(200);
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
