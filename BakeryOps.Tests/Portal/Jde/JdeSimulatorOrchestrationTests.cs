using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Jde;

/// <summary>The simulator's orchestrations over real HTTP, in AIS's shapes, with AIS's failures.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeSimulatorOrchestrationTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private const string Base = "jde-sim/jderest/v3/orchestrator/";
    private static readonly string Today = DateTime.UtcNow.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    private static readonly string MonthAgo = DateTime.UtcNow.AddDays(-30).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private JdeSimulatorFaults Faults => fixture.Services.GetRequiredService<JdeSimulatorFaults>();

    [Fact]
    public async Task CardexSummary_WhenCalledByGetWithBasicAuth_ThenLedgerRowsInTheAisShape()
    {
        using var client = BasicClient();

        var body = await client.GetFromJsonAsync<JsonElement>($"{Base}JDE_CARDEX_SUMMARY?bu=1110&rDate={MonthAgo}");

        var grid = body.GetProperty("ServiceRequest1").GetProperty("fs_DATABROWSE_V4111A").GetProperty("data").GetProperty("gridData");
        var rows = grid.GetProperty("rowset").EnumerateArray().ToList();
        rows.Should().NotBeEmpty();
        rows.Should().OnlyContain(r => r.GetProperty("F4111_MCU").GetString() == "        1110");
        rows[0].GetProperty("F4111_TRDJ").GetString().Should().MatchRegex("^[0-9]{8}$");
        rows.Select(r => r.GetProperty("F4111_UKID").GetInt64()).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        rows.Should().Contain(r => r.GetProperty("F4111_TRQT").GetDecimal() < 0);
        grid.GetProperty("summary").GetProperty("moreRecords").GetBoolean().Should().BeFalse();
        body.GetProperty("jde__status").GetString().Should().Be("SUCCESS");
    }

    [Fact]
    public async Task ItemBalance_WhenCalledByGetWithAPaddedBranch_ThenF41021RowsInTheAisShape()
    {
        using var client = BasicClient();

        var body = await client.GetFromJsonAsync<JsonElement>($"{Base}JDE_ITEM_BALANCE?bu={Uri.EscapeDataString("        1120")}");

        var grid = body.GetProperty("ServiceRequest1").GetProperty("fs_DATABROWSE_V41021A").GetProperty("data").GetProperty("gridData");
        var rows = grid.GetProperty("rowset").EnumerateArray().ToList();
        rows.Should().HaveCount(fixture.Services.GetRequiredService<JdeSimulatorState>().SampleData.OpeningBalances.Count(b => b.Mcu == "1120"));
        rows.Should().OnlyContain(r => r.GetProperty("F41021_MCU").GetString() == "        1120");
        rows.Select(r => r.GetProperty("F41021_ITM").GetInt32()).Should().BeInAscendingOrder();
        rows.Should().OnlyContain(r => r.GetProperty("F41021_LOTN").GetString()!.Length == 30 && r.GetProperty("F41021_LOCN").GetString()!.Length == 20,
            "AIS does not trim JDE's fixed-width character columns");
        rows.Should().OnlyContain(r => r.GetProperty("F41021_PQOH").ValueKind == JsonValueKind.Number);
        rows.Should().OnlyContain(r => Regex.IsMatch(r.GetProperty("F41021_UPMJ").GetString()!, "^[0-9]{8}$"));
        var butter = rows.Single(r => r.GetProperty("F41021_ITM").GetInt32() == 60020);
        butter.GetProperty("F4101_LITM").GetString().Should().Be("B_BUTTER_82");
        butter.GetProperty("F41021_LOTN").GetString()!.TrimEnd().Should().Be("L2508-B82-02");
        butter.GetProperty("F41021_PQOH").GetDecimal().Should().Be(325m);
        butter.GetProperty("F4101_UOM1").GetString().Should().Be("KG");
        grid.GetProperty("summary").GetProperty("records").GetInt32().Should().Be(rows.Count);
        grid.GetProperty("summary").GetProperty("moreRecords").GetBoolean().Should().BeFalse();
        body.GetProperty("jde__status").GetString().Should().Be("SUCCESS");
    }

    [Theory]
    [InlineData("""{"bu":"1120","itm":60024}""")]
    [InlineData("""{"bu":"1120","itm":"60024"}""")]
    [InlineData("""{"bu":"1120","litm":"B_EGGS_LARGE"}""")]
    [InlineData("""{"bu":"        1120","itm":"60024","litm":"B_EGGS_LARGE"}""")]
    public async Task ItemBalance_WhenPostedForOneItem_ThenOnlyThatItemsRowsInItsPrimaryUnit(string json)
    {
        using var client = BasicClient();

        using var response = await client.PostAsync($"{Base}JDE_ITEM_BALANCE", new StringContent(json, Encoding.UTF8, "application/json"));
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ServiceRequest1").GetProperty("fs_DATABROWSE_V41021A")
            .GetProperty("data").GetProperty("gridData").GetProperty("rowset").EnumerateArray().ToList();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = rows.Should().ContainSingle().Subject;
        row.GetProperty("F41021_ITM").GetInt32().Should().Be(60024);
        row.GetProperty("F41021_PQOH").GetDecimal().Should().Be(6m, "eggs are counted in cases of 360 in JDE");
        row.GetProperty("F4101_UOM1").GetString().Should().Be("CS");
    }

    [Theory]
    [InlineData("bu=9999", "Business Unit Invalid")]
    [InlineData("itm=60001", "Business Unit Invalid")]
    [InlineData("bu=1110&itm=B_FLOUR_T55", "Item Number Invalid")]
    [InlineData("bu=1110&itm=-60001", "Item Number Invalid")]
    public async Task ItemBalance_WhenTheInputsAreInvalid_Then500BusinessError(string query, string expected)
    {
        using var client = BasicClient();

        using var response = await client.GetAsync($"{Base}JDE_ITEM_BALANCE?{query}");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        AisErrorReader.FindError(500, "application/json", text)!.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task ItemBalance_WhenCredentialsAreWrongOrTheTokenInvalid_Then403Or444()
    {
        using var wrong = fixture.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:nope")));
        using var anonymous = fixture.CreateClient();

        using var forbidden = await wrong.GetAsync($"{Base}JDE_ITEM_BALANCE?bu=1110");
        using var none = await anonymous.GetAsync($"{Base}JDE_ITEM_BALANCE?bu=1110");
        using var expired = await SendAsync(anonymous, HttpMethod.Get, $"{Base}JDE_ITEM_BALANCE?bu=1110", "044not-a-token", null);

        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        none.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ((int)expired.StatusCode).Should().Be(444);
    }

    [Fact]
    public async Task Adjustment_WhenPostedWithAToken_ThenTheNextCardexPullHasItsDocumentNumber()
    {
        using var client = fixture.CreateClient();
        var token = await LoginAsync(client);

        using var post = await SendAsync(client, HttpMethod.Post, $"{Base}JDE_INVENTORY_ADJUSTMENTS", token, $$"""
            {"Branch_Plant":"1110","Document_Type":"II","Explanation":"BAKERYOPS. DEPL: 12345:67890 with a long tail","G_L_Date":"{{Today}}","Transaction_Date":"{{Today}}",
             "GridData":[{"Item_Number":"B_FLOUR_T55","Quantity":"2.5","UM":"KG","LOTN":""}]}
            """);
        var posted = await post.Content.ReadFromJsonAsync<JsonElement>();
        var document = posted.GetProperty("Document_Number").GetInt32();
        using var pull = await SendAsync(client, HttpMethod.Post, $"{Base}JDE_CARDEX_SUMMARY", token, $$"""{"bu":"1110","rDate":"{{Today}}"}""");
        var rows = (await pull.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ServiceRequest1").GetProperty("fs_DATABROWSE_V4111A")
            .GetProperty("data").GetProperty("gridData").GetProperty("rowset").EnumerateArray().ToList();

        post.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = rows.Single(r => r.GetProperty("F4111_DOC").GetInt32() == document);
        row.GetProperty("F4111_TRQT").GetDecimal().Should().Be(-2.5m);
        row.GetProperty("F4111_DCT").GetString().Should().Be("II");
        row.GetProperty("F4111_TREX").GetString().Should().HaveLength(30);
    }

    [Theory]
    [InlineData("""{"Branch_Plant":"9999","Document_Type":"II","Explanation":"x","G_L_Date":"TODAY","Transaction_Date":"TODAY","GridData":[{"Item_Number":"B_FLOUR_T55","Quantity":1,"UM":"KG"}]}""", "Business Unit Invalid")]
    [InlineData("""{"Branch_Plant":"1110","Document_Type":"II","Explanation":"x","G_L_Date":"TODAY","Transaction_Date":"TODAY","GridData":[{"Item_Number":"B_FLOUR_T55","Quantity":1000000,"UM":"KG"}]}""", "On-Hand Negative")]
    [InlineData("""{"Branch_Plant":"1110","Document_Type":"II","Explanation":"x","G_L_Date":"2026-13-45","Transaction_Date":"TODAY","GridData":[{"Item_Number":"B_FLOUR_T55","Quantity":1,"UM":"KG"}]}""", "Invalid Date")]
    public async Task Adjustment_WhenJdeRefusesIt_Then500WithTheNestedErrorAndNothingIsWritten(string json, string title)
    {
        using var client = BasicClient();
        var ledger = fixture.Services.GetRequiredService<JdeSimulatorState>().LedgerCount;

        using var response = await client.PostAsync($"{Base}JDE_INVENTORY_ADJUSTMENTS",
            new StringContent(json.Replace("TODAY", Today, StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var error = AisErrorReader.FindError((int)response.StatusCode, "application/json", text);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        JsonDocument.Parse(text).RootElement.GetProperty("jde__status").GetString().Should().Be("ERROR");
        error!.Message.Should().Contain(title);
        error.ExceptionId.Should().NotBeNullOrEmpty();
        fixture.Services.GetRequiredService<JdeSimulatorState>().LedgerCount.Should().Be(ledger);
    }

    [Theory]
    [InlineData("bu=9999&rDate=MONTHAGO", "Business Unit Invalid")]
    [InlineData("bu=1110&rDate=2025-08-21", "Invalid Date")]
    public async Task CardexSummary_WhenTheInputsAreInvalid_Then500BusinessError(string query, string expected)
    {
        using var client = BasicClient();

        using var response = await client.GetAsync($"{Base}JDE_CARDEX_SUMMARY?{query.Replace("MONTHAGO", MonthAgo, StringComparison.Ordinal)}");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Contain(expected);
    }

    [Fact]
    public async Task Orchestrations_WhenCredentialsAreWrongOrTheNameUnknownOrTheBodyNotJson_ThenAisStatuses()
    {
        using var wrong = fixture.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:nope")));
        using var client = BasicClient();

        using var forbidden = await wrong.GetAsync($"{Base}JDE_CARDEX_SUMMARY?bu=1110&rDate={MonthAgo}");
        using var unknown = await client.GetAsync($"{Base}JDE_NO_SUCH_THING");
        using var plain = await client.PostAsync($"{Base}JDE_CARDEX_SUMMARY", new StringContent("bu=1110", Encoding.UTF8, "text/plain"));
        using var expired = await SendAsync(client, HttpMethod.Get, $"{Base}JDE_CARDEX_SUMMARY?bu=1110&rDate={MonthAgo}", "044not-a-token", null);

        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        unknown.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("not found or not authorized");
        plain.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        ((int)expired.StatusCode).Should().Be(444);
    }

    [Fact]
    public async Task Faults_WhenArmed_ThenTheNextCallsFailAsConfiguredAndLaterOnesRecover()
    {
        using var client = BasicClient();
        var url = $"{Base}JDE_ITEM_MASTER_TO_BAKERY_OPS?bu=1110&glCat=WA01&rDate=01/01/2000";
        Faults.Arm(JdeFaultKind.Unavailable503, orchestration: "JDE_ITEM_MASTER_TO_BAKERY_OPS");
        Faults.Arm(JdeFaultKind.Error500Html, orchestration: "JDE_ITEM_MASTER_TO_BAKERY_OPS");
        Faults.Arm(JdeFaultKind.Truncate, orchestration: "JDE_ITEM_MASTER_TO_BAKERY_OPS");

        using var unavailable = await client.GetAsync(url);
        using var html = await client.GetAsync(url);
        var truncated = await client.GetFromJsonAsync<JsonElement>(url);
        var full = await client.GetFromJsonAsync<JsonElement>(url);

        unavailable.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        html.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        Grid(truncated).GetProperty("summary").GetProperty("moreRecords").GetBoolean().Should().BeTrue();
        Grid(truncated).GetProperty("rowset").GetArrayLength().Should().Be(3);
        Grid(full).GetProperty("summary").GetProperty("moreRecords").GetBoolean().Should().BeFalse();
        Grid(full).GetProperty("rowset").EnumerateArray().Should().OnlyContain(r => r.GetProperty("F4102_GLPT").GetString() == "WA01");
    }

    [Fact]
    public async Task AcceptThenFail_WhenArmedForAPost_ThenTheConnectionDropsButThePostingExists()
    {
        using var client = BasicClient();
        var explanation = $"BO:{Guid.NewGuid():N}"[..20];
        Faults.Arm(JdeFaultKind.AcceptThenFail, orchestration: "JDE_INVENTORY_ADJUSTMENTS");

        var post = () => client.PostAsync($"{Base}JDE_INVENTORY_ADJUSTMENTS", new StringContent($$"""
            {"Branch_Plant":"1110","Document_Type":"IA","Explanation":"{{explanation}}","G_L_Date":"{{Today}}","Transaction_Date":"{{Today}}",
             "GridData":[{"Item_Number":"B_FLOUR_T55","Quantity":1,"UM":"KG"}]}
            """, Encoding.UTF8, "application/json"));

        await post.Should().ThrowAsync<HttpRequestException>();
        fixture.Services.GetRequiredService<JdeSimulatorState>().FindPostingsByExplanation(explanation).Should().ContainSingle();
    }

    private static JsonElement Grid(JsonElement body) =>
        body.GetProperty("ServiceRequest1").GetProperty("fs_DATABROWSE_V564102A").GetProperty("data").GetProperty("gridData");

    private HttpClient BasicClient()
    {
        var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:bakeryint")));
        return client;
    }

    private static async Task<string> LoginAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest", new { username = "BAKERYINT", password = "bakeryint", deviceName = "tests" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userInfo").GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token, string? json)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("jde-AIS-Auth", token);
        request.Headers.Add("jde-AIS-Auth-Device", "tests");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
