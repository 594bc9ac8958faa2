using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace BakeryOps.Tests.Portal.Analytics;

/// <summary>
/// <c>/analytics</c> over HTTP on each database: the issue's request answers its fixed shape with exact decimals, the
/// CSV and XLSX exports read back equal to the JSON, the datasets list, the drill-through, and 400s naming the field.
/// </summary>
public abstract class AnalyticsApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string IssueRequest = """
        {"dataset":"movements","rows":["category"],"columns":["movementType"],"measures":[{"field":"inventoryQuantity","aggregate":"sum"}],"filters":[{"field":"facilityId","op":"eq","value":"default_facility"}],"dateGrouping":"month"}
        """;

    [Fact]
    public async Task Pivot_WhenTheIssuesRequestIsPosted_ThenTheFixedShapeWithExactSumsAndExportsThatReadBackEqual()
    {
        await new CardexSyncDriver(fixture).LoadSampleDataAsync();
        using var client = await ClientAsync();

        using var response = await client.PostAsync("analytics/pivot", Json(IssueRequest));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        foreach (var property in new[] { "rowHeaders", "columnHeaders", "cells", "rowTotals", "columnTotals", "grandTotal", "elapsedMs" })
        {
            root.TryGetProperty(property, out _).Should().BeTrue($"the answer has {property}");
        }

        root.GetProperty("columnHeaders")[0].GetArrayLength().Should().BeInRange(1, 2, "movement type, then the month");
        var expected = await SumsAsync();
        var columns = root.GetProperty("columnHeaders").EnumerateArray().Select(h => h.EnumerateArray().Select(v => v.ToString()).ToList()).ToList();
        var rows = root.GetProperty("rowHeaders").EnumerateArray().Select(h => h[0].GetString()!).ToList();
        rows.Should().BeEquivalentTo(expected.Keys.Select(k => k.Category).Distinct());
        var checkedCells = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var cell = root.GetProperty("cells")[r][c][0];
                if (columns[c].Count == 2)
                {
                    var key = (rows[r], columns[c][0], columns[c][1]);
                    if (expected.TryGetValue(key, out var sum))
                    {
                        cell.ValueKind.Should().Be(JsonValueKind.Number, "decimals are JSON numbers");
                        cell.GetDecimal().Should().Be(sum, $"{key}");
                        checkedCells++;
                    }
                    else
                    {
                        cell.ValueKind.Should().Be(JsonValueKind.Null);
                    }
                }
            }
        }

        checkedCells.Should().Be(expected.Count);
        root.GetProperty("grandTotal")[0].GetDecimal().Should().Be(expected.Values.Sum());

        var (csvHeader, csvLines) = await CsvAsync(client);
        var xlsx = await XlsxAsync(client);
        xlsx.Should().HaveCount(csvLines.Count);
        csvHeader[0].Should().Be("category");
        csvLines.Should().HaveCount(rows.Count + 1, "a line per category and the totals");
        for (var r = 0; r <= rows.Count; r++)
        {
            var values = r < rows.Count
                ? root.GetProperty("cells")[r].EnumerateArray().Select(c => c[0]).Append(root.GetProperty("rowTotals")[r][0])
                : root.GetProperty("columnTotals").EnumerateArray().Select(c => c[0]).Append(root.GetProperty("grandTotal")[0]);
            var label = r < rows.Count ? rows[r] : "Total";
            csvLines[r][0].Should().Be(label);
            Convert.ToString(xlsx[r][csvHeader[0]], CultureInfo.InvariantCulture).Should().Be(label);
            var i = 1;
            foreach (var value in values)
            {
                var text = value.ValueKind == JsonValueKind.Null ? "" : value.GetDecimal().ToString(CultureInfo.InvariantCulture);
                csvLines[r][i].Should().Be(text, $"CSV line {r}, column {csvHeader[i]}");
                var cell = xlsx[r][csvHeader[i]];
                (cell is null ? "" : Convert.ToDecimal(cell, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).Should()
                    .Be(text, $"XLSX line {r}, column {csvHeader[i]}");
                i++;
            }

            i.Should().Be(csvHeader.Count);
        }
    }

    [Fact]
    public async Task DatasetsAndDrillThrough_WhenAsked_ThenFieldsTypesAggregatesAndTheRowsBehindACell()
    {
        await new CardexSyncDriver(fixture).LoadSampleDataAsync();
        using var client = await ClientAsync();

        var datasets = await client.GetFromJsonAsync<JsonElement>("analytics/datasets");
        var movements = datasets.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "movements");
        var quantity = movements.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "inventoryQuantity");
        quantity.GetProperty("type").GetString().Should().Be("Number");
        quantity.GetProperty("aggregates").EnumerateArray().Select(a => a.GetString()).Should().Contain(["sum", "avg", "countDistinct"]);
        datasets.EnumerateArray().Select(d => d.GetProperty("name").GetString()).Should()
            .BeEquivalentTo(["movements", "products", "batches", "reconciliation", "cardex", "syncRuns", "dispatches"]);

        const string Drill = """
            {"spec":{"dataset":"movements","rows":["movementType"],"measures":[{"aggregate":"count"}]},"keys":[{"field":"movementType","value":"RECEIPT"}],"size":3}
            """;
        using var drill = await client.PostAsync("analytics/drillthrough", Json(Drill));
        drill.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await drill.Content.ReadFromJsonAsync<JsonElement>();
        await using var scope = fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        page.GetProperty("total").GetInt64().Should().Be(await db.Movements.LongCountAsync(m => m.Type == MovementType.Receipt));
        page.GetProperty("rows").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task Pivot_WhenTheRequestIsWrong_ThenA400NamesTheField()
    {
        using var anonymous = fixture.CreateClient();
        (await anonymous.PostAsync("analytics/pivot", Json(IssueRequest))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("analytics/datasets")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await new CardexSyncDriver(fixture).LoadSampleDataAsync();
        using var client = await ClientAsync();

        await ShouldRefuseAsync(client, IssueRequest.Replace("\"category\"", "\"flavour\"", StringComparison.Ordinal), "rows[0]", "flavour");
        await ShouldRefuseAsync(client, IssueRequest.Replace("\"inventoryQuantity\"", "\"productName\"", StringComparison.Ordinal), "measures[0].aggregate", "productName");
        await ShouldRefuseAsync(client, IssueRequest.Replace("\"month\"", "\"fortnight\"", StringComparison.Ordinal), "dateGrouping", "fortnight");
        await ShouldRefuseAsync(client, """{"dataset":"movements","rows":["id"],"columns":["productId"]}""", "rows", "Analytics:MaxCells");
        await ShouldRefuseAsync(client, "{\"dataset\":", "body", "JSON");
        await ShouldRefuseAsync(client, """{"rows":["category"]}""", "dataset", "dataset");
        await ShouldRefuseAsync(client, IssueRequest, "format", "csv", "analytics/pivot?format=pdf");
        await ShouldRefuseAsync(client, """{"dataset":"movements","filters":[{"field":"facilityId","op":"eq","value":{"a":1}}]}""", "filters[0].value", "value");
    }

    private static async Task ShouldRefuseAsync(HttpClient client, string body, string field, string mentions, string path = "analytics/pivot")
    {
        using var response = await client.PostAsync(path, Json(body));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue($"the 400 names {field}: {problem}");
        messages[0].GetString().Should().Contain(mentions);
    }

    private async Task<HttpClient> ClientAsync()
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The sums the pivot must show, from the movements themselves: category × movement type × month in the site's zone (UTC here).
    private async Task<Dictionary<(string Category, string Type, string Month), decimal>> SumsAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var products = await db.Products.Where(p => p.FacilityId == "default_facility").ToDictionaryAsync(p => p.Id, p => p.ProductCategory);
        var movements = await db.Movements.Where(m => m.FacilityId == "default_facility").ToListAsync();
        return movements
            .GroupBy(m => (products[m.ProductId], m.Type.Code(), m.AdjustmentDate.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.InventoryQuantity));
    }

    private static async Task<(List<string> Header, List<string[]> Lines)> CsvAsync(HttpClient client)
    {
        using var response = await client.PostAsync("analytics/pivot?format=csv", Json(IssueRequest));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        using var reader = CsvHelper.CsvReader.FromText(await response.Content.ReadAsStringAsync(), new CsvHelper.CsvReaderOptions());
        reader.ReadHeader();
        var header = reader.Headers.ToList();
        var lines = new List<string[]>();
        while (reader.Read())
        {
            lines.Add([.. Enumerable.Range(0, header.Count).Select(i => reader.GetString(i) ?? "")]);
        }

        return (header, lines);
    }

    private static async Task<List<IDictionary<string, object?>>> XlsxAsync(HttpClient client)
    {
        using var response = await client.PostAsync("analytics/pivot?format=xlsx", Json(IssueRequest));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return [.. (await workbook.QueryAsync(useHeaderRow: true)).Cast<IDictionary<string, object?>>()];
    }
}

public sealed class SmallCapFixture<TInner> : PortalFixture where TInner : PortalFixture, new()
{
    public override DatabaseProvider Provider => new TInner().Provider;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Analytics:MaxCells"] = "500" };
}

[Trait("Category", "Sqlite")]
public sealed class SqliteAnalyticsApiTests(SmallCapFixture<SqlitePortalFixture> fixture)
    : AnalyticsApiTests<SmallCapFixture<SqlitePortalFixture>>(fixture), IClassFixture<SmallCapFixture<SqlitePortalFixture>>;

[Trait("Category", "Postgres")]
public sealed class PostgresAnalyticsApiTests(SmallCapFixture<PostgresPortalFixture> fixture)
    : AnalyticsApiTests<SmallCapFixture<PostgresPortalFixture>>(fixture), IClassFixture<SmallCapFixture<PostgresPortalFixture>>;
