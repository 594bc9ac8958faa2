using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Tests.Portal.Inventory;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Input;

/// <summary>
/// The hostile requests that once answered 500 on PostgreSQL (a NUL reaching the database), and the code rules for
/// lot, batch and vessel codes: each is a 400 naming the field, on both providers.
/// </summary>
public abstract class HostileInputTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Nul = "\\u0000";

    [Theory]
    [InlineData("productName")]
    [InlineData("description")]
    [InlineData("productCategory")]
    public async Task CreateProduct_WhenAFieldHoldsANul_ThenBadRequestNamingTheField(string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var body = new Dictionary<string, string> { ["productName"] = "Flour", ["inventoryUnit"] = "KG" };
        body[field] = $"a{Nul}b";

        using var response = await api.PostJsonAsync("products", Json(body));

        await ExpectFieldErrorAsync(response, field, "U+0000");
    }

    [Theory]
    [InlineData("productId")]
    [InlineData("batchNumber")]
    [InlineData("lotNumber")]
    [InlineData("reason")]
    [InlineData("vesselCode")]
    public async Task Adjustment_WhenAFieldHoldsANul_ThenBadRequestNamingTheField(string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = await api.CreateProductAsync($"Nul {field} {Guid.NewGuid():N}");
        var body = Adjustment(product.GetProperty("_id").GetString()!);
        body[field] = $"L{Nul}1";

        using var response = await api.PostJsonAsync("inventory-adjustments", Json(body));

        await ExpectFieldErrorAsync(response, field, "U+0000");
    }

    [Fact]
    public async Task Adjustments_WhenTheSecondOfAnArrayHoldsANul_ThenTheFieldIsNamedWithItsIndex()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = (await api.CreateProductAsync($"Nul array {Guid.NewGuid():N}")).GetProperty("_id").GetString()!;
        var second = Adjustment(product);
        second["lotNumber"] = $"L{Nul}";

        using var response = await api.PostJsonAsync("inventory-adjustments", $"[{Json(Adjustment(product))},{Json(second)}]");

        await ExpectFieldErrorAsync(response, "[1].lotNumber", "U+0000");
        (await api.OnHandAsync(product)).Should().Be(0, "nothing of a refused request is written");
    }

    [Theory]
    [InlineData("products?q=%00", "q")]
    [InlineData("inventory-movements?productId=a%00b", "productId")]
    [InlineData("products?productCategory=%01", "productCategory")]
    [InlineData("products/prod%01x", "id")]
    public async Task Read_WhenAQueryOrRouteValueHoldsAControlCharacter_ThenBadRequestNamingIt(string path, string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync(new Uri($"{api.Facility}/{path}", UriKind.Relative));

        await ExpectFieldErrorAsync(response, field, "control character");
    }

    [Fact]
    public async Task FacilityRoute_WhenItHoldsAControlCharacter_ThenBadRequestNamingIt()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync(new Uri("bakeryops/facilities/default%1F/products", UriKind.Relative));

        await ExpectFieldErrorAsync(response, "facility_id", "U+001F");
    }

    [Fact]
    public async Task Path_WhenItHoldsANul_ThenTheServerRefusesTheRequestLine()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        // Kestrel refuses a NUL in the path itself, before any endpoint; the gate covers the other control characters.
        using var response = await api.Http.GetAsync(new Uri("bakeryops/facilities/default%00/products", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Write_WhenTheIdempotencyKeyHoldsAControlCharacter_ThenBadRequestNamingTheHeader()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.PostJsonAsync("products", """{"productName":"Keyed","inventoryUnit":"KG"}""", idempotencyKey: "key\u0007");

        await ExpectFieldErrorAsync(response, "Idempotency-Key", "U+0007");
    }

    [Fact]
    public async Task Write_WhenAStringIsAnUnpairedSurrogate_ThenBadRequestNamingTheField()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.PostJsonAsync("products", """{"productName":"x\ud800y","inventoryUnit":"KG"}""");

        await ExpectFieldErrorAsync(response, "productName", "not valid Unicode");
    }

    [Fact]
    public async Task Write_WhenAPropertyNameHoldsANul_ThenBadRequest()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.PostJsonAsync("products", $$"""{"productName":"Flour","inventoryUnit":"KG","x{{Nul}}":1}""");

        await ExpectFieldErrorAsync(response, "x\\u0000", "property name");
    }

    [Theory]
    [InlineData("form")]
    [InlineData("json")]
    public async Task Token_WhenTheUserNameHoldsANul_ThenBadRequestNamingIt(string encoding)
    {
        using var client = fixture.CreateClient();
        HttpContent content = encoding == "form"
            ? new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "ad\0min", ["password"] = "x" })
            : new StringContent($$"""{"username":"ad{{Nul}}min","password":"x"}""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("token", content);

        await ExpectFieldErrorAsync(response, "username", "U+0000");
    }

    [Fact]
    public async Task SimulatorCardex_WhenTheBusinessUnitHoldsANul_ThenAnAisErrorNamingIt()
    {
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:bakeryint")));

        using var response = await client.GetAsync(new Uri("jde-sim/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY?bu=11%0010&rDate=01/08/2025", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("ERROR");
        body.GetProperty("message").GetString().Should().StartWith("Invalid input bu:").And.Contain("U+0000");
    }

    [Theory]
    [InlineData("lotNumber", "L1\tA")]
    [InlineData("lotNumber", "L1\nA")]
    [InlineData("lotNumber", "L1\u001bA")]
    [InlineData("lotNumber", "L1 A")]
    [InlineData("batchNumber", "B1\tA")]
    [InlineData("batchNumber", "B1\r\nA")]
    [InlineData("vesselCode", "V1\tA")]
    [InlineData("vesselCode", "V1 A")]
    public async Task Adjustment_WhenACodeHoldsWhitespaceOrAControlCharacter_ThenBadRequestNamingIt(string field, string value)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = (await api.CreateProductAsync($"Code {Guid.NewGuid():N}")).GetProperty("_id").GetString()!;
        var body = Adjustment(product);
        body[field] = value;

        using var response = await api.PostJsonAsync("inventory-adjustments", Json(body));

        await ExpectFieldErrorAsync(response, field, "position 3");
    }

    [Theory]
    [InlineData("lotNumber", 31, "F4111 LOTN")]
    [InlineData("batchNumber", 31, "F4111 LOTN")]
    [InlineData("vesselCode", 21, "F4111 LOCN")]
    public async Task Adjustment_WhenACodeIsLongerThanItsJdeColumn_ThenBadRequestNamingTheColumn(string field, int length, string column)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = (await api.CreateProductAsync($"Long {Guid.NewGuid():N}")).GetProperty("_id").GetString()!;
        var body = Adjustment(product);
        body[field] = new string('A', length);

        using var response = await api.PostJsonAsync("inventory-adjustments", Json(body));

        await ExpectFieldErrorAsync(response, field, column);
    }

    [Fact]
    public async Task Adjustment_WhenCodesFillTheirJdeColumnsExactly_ThenRecordedTrimmed()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = (await api.CreateProductAsync($"Fit {Guid.NewGuid():N}")).GetProperty("_id").GetString()!;
        var lot = new string('L', 29) + "9";
        var body = Adjustment(product);
        body["lotNumber"] = $"  {lot} ";
        body["batchNumber"] = new string('B', 30);
        body["vesselCode"] = new string('V', 20);

        using var response = await api.PostJsonAsync("inventory-adjustments", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var movement = await response.Content.ReadFromJsonAsync<JsonElement>();
        movement.GetProperty("lotNumber").GetString().Should().Be(lot);
        movement.GetProperty("batchNumber").GetString().Should().HaveLength(30);
        movement.GetProperty("vesselCode").GetString().Should().HaveLength(20);
    }

    [Fact]
    public async Task Adjustment_WhenTheReasonHasTabsAndLineBreaks_ThenTheyAreKept()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = (await api.CreateProductAsync($"Reason {Guid.NewGuid():N}")).GetProperty("_id").GetString()!;
        var body = Adjustment(product);
        body["reason"] = "Spilled:\tbag 1\r\nand bag 2";

        using var response = await api.PostJsonAsync("inventory-adjustments", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().Should().Be("Spilled:\tbag 1\r\nand bag 2");
    }

    [Theory]
    [InlineData("B_FLOUR\tT55", "a tab")]
    [InlineData("B_FLOUR  T55", "a space")]
    [InlineData("B_FLOUR_T55_WITH_A_LONG_TAIL", "F4101 LITM")]
    public async Task CreateProduct_WhenTheSecondItemNumberIsNotAJdeCode_ThenBadRequestNamingIt(string item, string expected)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var body = $$$"""{"productName":"Item","inventoryUnit":"KG","jde":{"secondItemNumber":{{{JsonSerializer.Serialize(item)}}}}}""";

        using var response = await api.PostJsonAsync("products", body);

        await ExpectFieldErrorAsync(response, "jde.secondItemNumber", expected);
    }

    [Fact]
    public async Task Page_WhenItsAddressHoldsANul_ThenTheBadRequestPage()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("login?ReturnUrl=%00", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("id=\"bad-request\"").And.Contain("characters the portal does not accept");
    }

    private static Dictionary<string, string> Adjustment(string productId) => new()
    {
        ["productId"] = productId,
        ["quantity"] = "5",
        ["unit"] = "KG",
        ["adjustmentType"] = "RECEIPT",
    };

    // Values are written as given: a "\u0000" in a value stays the six-character JSON escape.
    private static string Json(Dictionary<string, string> fields) =>
        "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{(f.Key == "quantity" ? f.Value : Quote(f.Value))}")) + "}";

    private static string Quote(string value) =>
        value.Contains(Nul, StringComparison.Ordinal) ? $"\"{value}\"" : JsonSerializer.Serialize(value);

    private static async Task ExpectFieldErrorAsync(HttpResponseMessage response, string field, string messagePart)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).Should().BeTrue($"the problem names {field}: {text}");
        messages.EnumerateArray().Select(m => m.GetString()).Should().Contain(m => m!.Contains(messagePart, StringComparison.Ordinal), text);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteHostileInputTests(SqlitePortalFixture fixture)
    : HostileInputTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresHostileInputTests(PostgresPortalFixture fixture)
    : HostileInputTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
