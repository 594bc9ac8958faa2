using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Dispatch;

/// <summary>
/// The dispatch API over HTTP against the simulator, with JD Edwards in New York: who may review and post, a movement
/// late on a month's last evening posted with that day's date, a second approver above the threshold, a key already in
/// JD Edwards not posted again, and no caller-supplied payload ever forwarded. One scenario: it needs the first sync.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class DispatchApiTests(DispatchApiFixture fixture) : IClassFixture<DispatchApiFixture>
{
    private const string Facility = CardexSyncDriver.Facility;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task Dispatch_WhenPlannersReviewAndPost_ThenEachPostingIsInJdeOnceWithItsLocalDate()
    {
        await _sync.LoadSampleDataAsync();
        (await _sync.RunAsync()).Status.Should().Be("succeeded");

        // The last day of last month, 23:30 in New York: already the 1st of this month in UTC. The facility was
        // linked the day before, so the movement is after the sync start.
        var firstOfMonth = new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);
        var lastDay = DateOnly.FromDateTime(firstOfMonth.AddDays(-1));
        var local = lastDay.ToDateTime(new TimeOnly(23, 30));
        var movedAt = new DateTimeOffset(local, NewYork.GetUtcOffset(local));
        await using (var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
        {
            var linkedAt = movedAt.AddDays(-1);
            await db.Facilities.Where(f => f.Id == Facility).ExecuteUpdateAsync(s => s.SetProperty(f => f.JdeLinkedAt, linkedAt));
        }

        await fixture.CreateUserAsync("planner-one", "Planner-One-Passw0rd!", Roles.Planner);
        await fixture.CreateUserAsync("planner-two", "Planner-Two-Passw0rd!", Roles.Planner);
        await fixture.CreateUserAsync("viewer-dispatch", "Viewer-Dispatch-Passw0rd!", Roles.Viewer);
        using var planner = await ClientAsync("planner-one", "Planner-One-Passw0rd!");
        using var second = await ClientAsync("planner-two", "Planner-Two-Passw0rd!");
        using var viewer = await ClientAsync("viewer-dispatch", "Viewer-Dispatch-Passw0rd!");
        using var anonymous = fixture.CreateClient();

        var usage = await planner.PostAsync($"bakeryops/facilities/{Facility}/inventory-adjustments", Json($$"""
            [{"productId":"{{CardexSyncDriver.Flour}}","quantity":1.5,"unit":"KG","adjustmentType":"USAGE","adjustmentDate":"{{movedAt:yyyy-MM-ddTHH:mm:sszzz}}"},
             {"productId":"{{CardexSyncDriver.Flour}}","quantity":10,"unit":"KG","adjustmentType":"WASTE","adjustmentDate":"{{DateTimeOffset.UtcNow:O}}"}]
            """));
        usage.StatusCode.Should().Be(HttpStatusCode.Created, await usage.Content.ReadAsStringAsync());
        var recorded = (await usage.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("_id").GetString()).ToHashSet();

        (await anonymous.GetAsync("data/bakery_ops_to_jde_actions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await viewer.GetAsync("data/bakery_ops_to_jde_actions")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await viewer.PostAsync("bakery_ops_to_jde/prepare_payload", Json("[]"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await viewer.PostAsync("bakery_ops_to_jde/dispatch", Json("[]"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await planner.GetAsync("data/bakery_ops_to_jde_actions?facility=nowhere")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await planner.GetAsync("data/bakery_ops_to_jde_actions?state=lost")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await planner.GetAsync("data/bakery_ops_to_jde_actions?size=0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var listed = await planner.GetAsync($"data/bakery_ops_to_jde_actions?facility={Facility}&state=pending");
        listed.StatusCode.Should().Be(HttpStatusCode.OK);
        // The sample's own recent movements are after the (earlier) link too: they are postings as well.
        var actions = (await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Where(a => recorded.Contains(a.GetProperty("movement_id").GetString())).ToList();
        actions.Should().HaveCount(2);
        var lateEvening = actions.Single(a => a.GetProperty("quantity").GetDecimal() == 1.5m);
        var waste = actions.Single(a => a.GetProperty("quantity").GetDecimal() == 10m);
        lateEvening.GetProperty("action_date").GetString().Should().Be(lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "JD Edwards is in New York, where it is still the last day of the month");
        var lateKey = lateEvening.GetProperty("key").GetString()!;
        var wasteKey = waste.GetProperty("key").GetString()!;
        waste.GetProperty("needs_second_approver").GetBoolean().Should().BeTrue("10 KG is above Dispatch:SecondApproval:PerUnit:KG");

        using var prepared = await planner.PostAsync("bakery_ops_to_jde/prepare_payload", Json($$"""{"keys":["{{lateKey}}"]}"""));
        prepared.StatusCode.Should().Be(HttpStatusCode.OK, await prepared.Content.ReadAsStringAsync());
        var payload = (await prepared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("prepared_batches")[0].GetProperty("jde_payload");
        var expectedDate = fixture.Services.GetRequiredService<JdeAisClient>().FormatDate(lastDay);
        payload.GetProperty("G_L_Date").GetString().Should().Be(expectedDate);
        payload.GetProperty("Transaction_Date").GetString().Should().Be(expectedDate);
        payload.GetProperty("Branch_Plant").GetString().Should().Be("1110");
        payload.GetProperty("Document_Type").GetString().Should().Be("II");
        payload.GetProperty("Explanation").GetString().Should().Be("BKO " + lateKey);
        var line = payload.GetProperty("GridData")[0];
        (line.GetProperty("Item_Number").GetString(), line.GetProperty("Quantity").GetString(), line.GetProperty("UM").GetString())
            .Should().Be(("B_FLOUR_T55", "1.5", "KG"));

        (await planner.PostAsync("bakery_ops_to_jde/dispatch", Json("""{"Branch_Plant":"1110","GridData":[]}""")))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "a payload is never forwarded; only keys are taken");
        (await planner.PostAsync("bakery_ops_to_jde/prepare_payload", Json("""["NOT-A-KEY"]"""))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // A reviewer's bad edit or rejection is refused with the field named, and changes nothing.
        using var tabbed = await planner.PatchAsync($"bakery_ops_to_jde/actions/{lateKey}", Json("""{"quantity":1.5,"lot":"L1\tL2"}"""));
        tabbed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tabbed.Content.ReadAsStringAsync()).Should().Contain("\"lot\"").And.Contain("tab");
        using var huge = await planner.PatchAsync($"bakery_ops_to_jde/actions/{lateKey}", Json("""{"quantity":1000000000000}"""));
        huge.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await huge.Content.ReadAsStringAsync()).Should().Contain("\"quantity\"");
        (await planner.PostAsync("bakery_ops_to_jde/reject", Json($$"""{"keys":["{{lateKey}}"],"reason":"  "}"""))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await planner.PatchAsync("bakery_ops_to_jde/actions/UNKNOWNKEY", Json("""{"quantity":1}"""))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var unchanged = await planner.GetAsync($"data/bakery_ops_to_jde_actions?facility={Facility}&q={lateKey}");
        var still = (await unchanged.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Should().ContainSingle().Subject;
        (still.GetProperty("state").GetString(), still.GetProperty("quantity").GetDecimal(), still.GetProperty("lot_code").GetString())
            .Should().Be(("pending", 1.5m, ""));

        var summary = await DispatchAsync(planner, lateKey, wasteKey);
        summary.GetProperty("total_processed").GetInt32().Should().Be(2);
        summary.GetProperty("successful").GetInt32().Should().Be(1);
        var results = summary.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        results[lateKey].GetProperty("jde_document_number").GetInt64().Should().BePositive();
        results[wasteKey].GetProperty("success").GetBoolean().Should().BeFalse();
        results[wasteKey].GetProperty("state").GetString().Should().Be("pending");
        results[wasteKey].GetProperty("error").GetString().Should().Contain("second approver");

        var simulator = fixture.Services.GetRequiredService<JdeSimulatorState>();
        var posting = simulator.FindPostingsByExplanation("BKO " + lateKey).Should().ContainSingle().Subject;
        (posting.GlDate, posting.TransactionDate).Should().Be((lastDay, lastDay));

        // The same approver again is still one approver; a different planner makes two, and the posting goes out.
        (await DispatchAsync(planner, wasteKey)).GetProperty("results")[0].GetProperty("error").GetString().Should().Contain("different person");
        var approved = await DispatchAsync(second, wasteKey, lateKey);
        approved.GetProperty("successful").GetInt32().Should().Be(2);
        var again = approved.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("key").GetString() == lateKey);
        again.GetProperty("error").GetString().Should().Contain("not posted again");
        simulator.FindPostingsByExplanation("BKO " + lateKey).Should().ContainSingle("a key already in JD Edwards is not posted again");
        simulator.FindPostingsByExplanation("BKO " + wasteKey).Should().ContainSingle();
    }

    private async Task<HttpClient> ClientAsync(string user, string password)
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync(user, password));
        return client;
    }

    private static async Task<JsonElement> DispatchAsync(HttpClient client, params string[] keys)
    {
        using var response = await client.PostAsync("bakery_ops_to_jde/dispatch", Json(JsonSerializer.Serialize(keys)));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

/// <summary>JD Edwards in New York, and a second approver above 5 KG.</summary>
public sealed class DispatchApiFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Jde:TimeZone"] = "America/New_York",
        ["Dispatch:SecondApproval:PerUnit:KG"] = "5",
    };
}
