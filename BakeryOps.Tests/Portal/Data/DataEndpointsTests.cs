using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Data;
using BakeryOps.Infrastructure.Data;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Data;

/// <summary>
/// The three <c>/data</c> endpoints on both providers: their fields, one row per batch, paging with a total and a
/// stable order, CSV that reads back to the JSON rows exactly, and the problems for bad input, unknown facilities and
/// anonymous callers. Each test reads a facility of its own, so counts are exact.
/// </summary>
public abstract class DataEndpointsTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Products = "data/df_bakery_ops_expanded";
    private const string Movements = "data/internal_bakery_ops_expanded";
    private const string ItemMasterReview = "data/jde_item_master_review";

    [Fact]
    public async Task ExpandedProducts_WhenProductsHaveBatches_ThenOneRowPerBatchAndOneForAProductWithout()
    {
        var bakery = await BakeryAsync();

        var (rows, total) = await DataPageReader.JsonAsync(bakery.Client, $"{Products}?facility={bakery.Facility}");

        total.Should().Be(4);
        rows.Select(r => (r.GetProperty("productName").GetString(), r.GetProperty("batchNumber").GetString()))
            .Should().Equal(("Alpha", "A-1"), ("Alpha", "A-2"), ("Beta", null), ("Gamma", "G-1"));
        rows[0].EnumerateObject().Select(p => p.Name).Should().Equal(CsvRows.Header<ExpandedProductRow>());
        rows[0].EnumerateObject().Select(p => p.Name).Should().Contain([
            "product_id", "productName", "productCategory", "inventoryUnit", "onHand_amount", "archived", "F4102_ITM", "F4102_LITM", "F4102_MCU",
            "stockingType", "glClass", "lotControlled", "shelfLifeDays", "unitConversions", "batchNumber", "lotNumber", "batch_quantity",
            "expiryDate", "batch_created_at"]);
        var alpha = rows[0];
        alpha.GetProperty("product_id").GetString().Should().Be(bakery.Alpha);
        alpha.GetProperty("onHand_amount").GetDecimal().Should().Be(112.345677m);
        alpha.GetProperty("F4102_ITM").GetInt32().Should().Be(60001);
        alpha.GetProperty("F4102_LITM").GetString().Should().Be("B_ALPHA");
        alpha.GetProperty("F4102_MCU").GetString().Should().Be("1110");
        alpha.GetProperty("unitConversions").GetString().Should().Be("1 BG = 25 KG");
        alpha.GetProperty("lotNumber").GetString().Should().Be("LOT-A1");
        alpha.GetProperty("batch_quantity").GetDecimal().Should().Be(12.345677m);
        alpha.GetProperty("expiryDate").GetString().Should().Be("2027-06-30");
        rows[1].GetProperty("batch_quantity").GetDecimal().Should().Be(100m);
        var beta = rows[2];
        beta.GetProperty("product_id").GetString().Should().Be(bakery.Beta);
        beta.GetProperty("batch_quantity").ValueKind.Should().Be(JsonValueKind.Null);
        beta.GetProperty("F4102_ITM").ValueKind.Should().Be(JsonValueKind.Null);
        beta.GetProperty("unitConversions").GetString().Should().BeEmpty();
    }

    [Theory]
    [InlineData(Products)]
    [InlineData(Movements)]
    public async Task Pages_WhenReadOneRowAtATime_ThenTheyAddUpToTheWholeListInTheSameOrder(string path)
    {
        var bakery = await BakeryAsync();
        var (all, total) = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility={bakery.Facility}");

        var paged = new List<JsonElement>();
        for (var offset = 0; offset < total + 1; offset++)
        {
            var (page, pageTotal) = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility={bakery.Facility}&offset={offset}&size=1");
            pageTotal.Should().Be(total);
            page.Should().HaveCount(offset < total ? 1 : 0);
            paged.AddRange(page);
        }

        total.Should().Be(all.Count).And.BeGreaterThan(2);
        paged.Select(r => r.GetRawText()).Should().Equal(all.Select(r => r.GetRawText()));
        var (twoFromOne, _) = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility={bakery.Facility}&offset=1&size=2");
        twoFromOne.Select(r => r.GetRawText()).Should().Equal(all.Skip(1).Take(2).Select(r => r.GetRawText()));
    }

    [Fact]
    public async Task ExpandedMovements_WhenFiltered_ThenOnlyMatchingMovementsByDateWithTheirProduct()
    {
        var bakery = await BakeryAsync();

        var (all, total) = await DataPageReader.JsonAsync(bakery.Client, $"{Movements}?facility={bakery.Facility}");
        var (alphaUsage, _) = await DataPageReader.JsonAsync(bakery.Client, $"{Movements}?facility={bakery.Facility}&productId={bakery.Alpha}&type=usage");
        var (window, windowTotal) = await DataPageReader.JsonAsync(bakery.Client,
            $"{Movements}?facility={bakery.Facility}&from=2025-03-02T00:00:00Z&to=2025-03-03T23:59:59Z");

        total.Should().Be(4);
        all.Select(r => r.GetProperty("adjustmentDate").GetDateTimeOffset()).Should().BeInAscendingOrder();
        var usage = alphaUsage.Should().ContainSingle().Subject;
        usage.EnumerateObject().Select(p => p.Name).Should().Equal(CsvRows.Header<ExpandedMovementRow>());
        usage.GetProperty("adjustmentType").GetString().Should().Be("USAGE");
        usage.GetProperty("quantity").GetDecimal().Should().Be(0.000001m);
        usage.GetProperty("inventoryQuantity").GetDecimal().Should().Be(-0.000001m);
        usage.GetProperty("unit").GetString().Should().Be("KG");
        usage.GetProperty("batchNumber").GetString().Should().Be("A-1");
        usage.GetProperty("source").GetString().Should().Be("BAKERY");
        usage.GetProperty("F4111_UKID").ValueKind.Should().Be(JsonValueKind.Null);
        usage.GetProperty("createdBy").GetString().Should().Be("admin");
        usage.GetProperty("productName").GetString().Should().Be("Alpha");
        usage.GetProperty("inventoryUnit").GetString().Should().Be("KG");
        usage.GetProperty("F4102_ITM").GetInt32().Should().Be(60001);
        usage.GetProperty("F4102_LITM").GetString().Should().Be("B_ALPHA");
        usage.GetProperty("F4102_MCU").GetString().Should().Be("1110");
        windowTotal.Should().Be(2);
        window.Select(r => r.GetProperty("adjustmentDate").GetDateTimeOffset())
            .Should().Equal(DateTimeOffset.Parse("2025-03-02T08:00:00Z"), DateTimeOffset.Parse("2025-03-03T08:00:00Z"));
    }

    [Theory]
    [InlineData(Products, "df_bakery_ops_expanded")]
    [InlineData(Movements, "internal_bakery_ops_expanded")]
    public async Task Csv_WhenAskedFor_ThenTheSamePageAsTheJsonWithExactDecimals(string path, string name)
    {
        var bakery = await BakeryAsync();
        var (json, total) = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility={bakery.Facility}&offset=1&size=2");

        var (header, rows, csvTotal, response) = await DataPageReader.CsvAsync(bakery.Client, $"{path}?facility={bakery.Facility}&offset=1&size=2&format=csv");

        using (response)
        {
            response.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
            response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
            response.Content.Headers.ContentDisposition.FileName.Should().Be($"{name}-{bakery.Facility}.csv");
        }

        csvTotal.Should().Be(total);
        json.Should().HaveCount(2);
        DataPageReader.ShouldEqualJson(header, rows, json);
    }

    [Fact]
    public async Task ItemMasterReview_AfterAPull_ThenOneRowPerDifferenceWithJdeColumnsAndTheProductBeside()
    {
        var sync = new ItemMasterSyncDriver(fixture);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        sync.SetItem(60094, "B_DATA_SEED", "Data seeds 5kg", "KG", shelfLifeDays: 200);
        await sync.RunAsync();
        var review = await sync.ReviewAsync();
        using var client = await SignedInAsync();

        var (rows, total) = await DataPageReader.JsonAsync(client, $"{ItemMasterReview}?size=1000");
        var (header, csvRows, _, response) = await DataPageReader.CsvAsync(client, $"{ItemMasterReview}?facility=default_facility&size=1000&format=csv");
        response.Dispose();

        total.Should().Be(review.Items.Count);
        rows.Select(r => r.GetProperty("item").GetString()).Should().Equal(review.Items.Select(i => i.Item));
        var seed = rows.Should().ContainSingle(r => r.GetProperty("item").GetString() == "B_DATA_SEED").Subject;
        seed.EnumerateObject().Select(p => p.Name).Should().Equal(CsvRows.Header<ItemMasterReviewRow>());
        seed.GetProperty("change").GetString().Should().Be("new");
        seed.GetProperty("blocked").GetBoolean().Should().BeFalse();
        seed.GetProperty("F4102_ITM").GetInt32().Should().Be(60094);
        seed.GetProperty("F4102_LITM").GetString().Should().Be("B_DATA_SEED");
        seed.GetProperty("F4102_MCU").GetString().Should().Be("1110");
        seed.GetProperty("F4101_DSC1").GetString().Should().Be("Data seeds 5kg");
        seed.GetProperty("F4101_UOM1").GetString().Should().Be("KG");
        seed.GetProperty("F4101_SLD").GetInt32().Should().Be(200);
        seed.GetProperty("exists_in_bakery_ops").GetBoolean().Should().BeFalse();
        seed.GetProperty("product_id").ValueKind.Should().Be(JsonValueKind.Null);
        DataPageReader.ShouldEqualJson(header, csvRows, rows);
    }

    [Fact]
    public async Task ItemMasterReview_WhenAProductDiffersFromJde_ThenTheRowNamesTheChangedAttributesWithBothSides()
    {
        var sync = new ItemMasterSyncDriver(fixture);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        var product = await sync.ProductOfItemAsync("B_FLOUR_T55");
        using var client = await SignedInAsync();
        using (var patch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"bakeryops/facilities/default_facility/products/{product!.Id}")
        {
            Content = new StringContent("""{"shelfLifeDays":123}""", Encoding.UTF8, "application/merge-patch+json"),
        }))
        {
            patch.StatusCode.Should().Be(HttpStatusCode.OK, await patch.Content.ReadAsStringAsync());
        }

        var (rows, _) = await DataPageReader.JsonAsync(client, $"{ItemMasterReview}?facility=default_facility&size=1000");

        var flour = rows.Should().ContainSingle(r => r.GetProperty("item").GetString() == "B_FLOUR_T55").Subject;
        flour.GetProperty("change").GetString().Should().Be("changed");
        flour.GetProperty("changedAttributes").GetString().Should().Contain("shelf_life_days");
        flour.GetProperty("exists_in_bakery_ops").GetBoolean().Should().BeTrue();
        flour.GetProperty("product_id").GetString().Should().Be(product.Id);
        flour.GetProperty("shelfLifeDays").GetInt32().Should().Be(123);
        flour.GetProperty("F4101_SLD").ValueKind.Should().NotBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(Products + "?offset=-1", "offset")]
    [InlineData(Products + "?offset=abc", "offset")]
    [InlineData(Products + "?size=0", "size")]
    [InlineData(Products + "?size=1001", "size")]
    [InlineData(Products + "?size=1.5", "size")]
    [InlineData(Products + "?format=xml", "format")]
    [InlineData(Products + "?facility=no%20such%20facility!", "facility")]
    [InlineData(Movements + "?size=5000", "size")]
    [InlineData(Movements + "?format=parquet", "format")]
    [InlineData(Movements + "?from=yesterday", "from")]
    [InlineData(Movements + "?to=2025-13-45", "to")]
    [InlineData(Movements + "?from=2025-03-04&to=2025-03-01", "from")]
    [InlineData(Movements + "?type=EATING", "type")]
    [InlineData(ItemMasterReview + "?offset=-5", "offset")]
    [InlineData(ItemMasterReview + "?format=CSVX", "format")]
    public async Task Requests_WhenAParameterIsWrong_Then400ProblemNamingIt(string path, string parameter)
    {
        using var client = await SignedInAsync();

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(parameter);
    }

    [Theory]
    [InlineData(Products)]
    [InlineData(Movements)]
    public async Task Requests_WhenTheFacilityIsBlankOrPadded_ThenTheDefaultOrTheNamedFacilityAsTheServiceAccountCheckReadsIt(string path)
    {
        var bakery = await BakeryAsync();

        var named = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility={bakery.Facility}");
        var padded = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility=%20{bakery.Facility}%20");
        var unnamed = await DataPageReader.JsonAsync(bakery.Client, path);
        var blank = await DataPageReader.JsonAsync(bakery.Client, $"{path}?facility=%20%20");

        named.Total.Should().BePositive();
        padded.Total.Should().Be(named.Total);
        padded.Rows.Select(r => r.GetRawText()).Should().Equal(named.Rows.Select(r => r.GetRawText()));
        blank.Total.Should().Be(unnamed.Total);
        blank.Rows.Select(r => r.GetRawText()).Should().Equal(unnamed.Rows.Select(r => r.GetRawText()));
    }

    [Theory]
    [InlineData(Products)]
    [InlineData(Movements)]
    [InlineData(ItemMasterReview)]
    public async Task Requests_WhenTheFacilityIsUnknown_Then404Problem(string path)
    {
        using var client = await SignedInAsync();

        using var response = await client.GetAsync($"{path}?facility=no_such_bakery&format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData(Products)]
    [InlineData(Movements)]
    [InlineData(ItemMasterReview)]
    public async Task Requests_WhenAnonymous_Then401(string path)
    {
        using var anonymous = fixture.CreateClient();

        using var response = await anonymous.GetAsync($"{path}?format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        return client;
    }

    /// <summary>
    /// A facility of its own: Alpha (KG, 1 BG = 25 KG, linked to JDE item 60001) with batches A-1 (12.345678 KG in,
    /// 0.000001 KG used) and A-2 (4 BG in), Beta without batches, Gamma with batch G-1; four movements on four days.
    /// </summary>
    private async Task<Bakery> BakeryAsync()
    {
        var facility = $"data_{Guid.NewGuid():N}"[..20];
        await fixture.Services.GetRequiredService<ScratchFacilities>().CreateAsync(facility, "Data test bakery", CancellationToken.None);
        var client = await SignedInAsync();
        var alpha = await CreateProductAsync(client, facility,
            """{"productName":"Alpha","inventoryUnit":"KG","unitConversions":[{"unit":"BG","factor":25}],"jde":{"shortItemNumber":60001,"secondItemNumber":"B_ALPHA","branchPlant":"1110"},"stockingType":"P","glClass":"WA01"}""");
        var gamma = await CreateProductAsync(client, facility, """{"productName":"Gamma","inventoryUnit":"EA"}""");
        var beta = await CreateProductAsync(client, facility, """{"productName":"Beta","inventoryUnit":"L"}""");
        await AdjustAsync(client, facility,
            $$"""{"productId":"{{alpha}}","quantity":4,"unit":"BG","adjustmentType":"RECEIPT","batchNumber":"A-2","adjustmentDate":"2025-03-04T08:00:00Z"}""");
        await AdjustAsync(client, facility,
            $$"""{"productId":"{{alpha}}","quantity":12.345678,"unit":"KG","adjustmentType":"RECEIPT","batchNumber":"A-1","lotNumber":"LOT-A1","expiryDate":"2027-06-30","adjustmentDate":"2025-03-01T08:00:00Z"}""");
        await AdjustAsync(client, facility,
            $$"""{"productId":"{{alpha}}","quantity":0.000001,"unit":"KG","adjustmentType":"USAGE","batchNumber":"A-1","reason":"Tasting, \"small\", sample","adjustmentDate":"2025-03-03T08:00:00Z"}""");
        await AdjustAsync(client, facility,
            $$"""{"productId":"{{gamma}}","quantity":3,"unit":"EA","adjustmentType":"RECEIPT","batchNumber":"G-1","reason":"Line one\nline two","adjustmentDate":"2025-03-02T08:00:00Z"}""");
        return new Bakery(client, facility, alpha, beta);
    }

    private static async Task<string> CreateProductAsync(HttpClient client, string facility, string json)
    {
        using var response = await client.PostAsync($"bakeryops/facilities/{facility}/products", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("_id").GetString()!;
    }

    private static async Task AdjustAsync(HttpClient client, string facility, string json)
    {
        using var response = await client.PostAsync($"bakeryops/facilities/{facility}/inventory-adjustments", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private sealed record Bakery(HttpClient Client, string Facility, string Alpha, string Beta);
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDataEndpointsTests(SqlitePortalFixture fixture)
    : DataEndpointsTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresDataEndpointsTests(PostgresPortalFixture fixture)
    : DataEndpointsTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
