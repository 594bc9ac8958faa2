using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.Portal.Data;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Reconciliation;

/// <summary>
/// The grouped queries on each database with the statuses a first sync does not show: a JD Edwards row waiting in the
/// quarantine is in flight and no variance, an item whose product is unlinked is missing in the bakery and the product
/// unmapped, a lot-controlled item is compared lot by lot; and <c>/data/joined_df3</c>, its CSV, the history and the
/// export over HTTP.
/// </summary>
public abstract class ReconciliationStatusTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Facility = CardexSyncDriver.Facility;
    private const string Sugar = "prod_1110_60010";
    private readonly CardexSyncDriver _sync = new(fixture);
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Statuses_WhenARowWaitsInTheQuarantineAndAProductIsUnlinked_ThenInFlightMissingAndUnmappedLinesOverSqlAndHttp()
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        await SnapshotAsync();

        await _sync.RecordInJdeAsync("B_FLOUR_T55", 12m, "KG", "IZ", explanation: "Type not mapped");
        var second = await _sync.RunAsync();
        second.Counts.GetValueOrDefault("quarantined").Should().Be(1);
        await SnapshotAsync();

        var report = await ReportAsync();
        var flour = report.Rows.Should().ContainSingle(r => r.ProductId == CardexSyncDriver.Flour).Subject;
        flour.JdeInFlight.Should().Be(12m, "the receipt is in JD Edwards' balance but waits in the quarantine");
        flour.JdeQuantity.Should().Be(flour.BakeryQuantity + 12m);
        flour.Variance.Should().Be(0m);
        flour.Status.Should().Be("Match");
        flour.LedgerDrift.Should().BeFalse("the quarantined row is mirrored");

        var eggs = report.Rows.Where(r => r.ProductId == CardexSyncDriver.Eggs).ToList();
        eggs.Should().ContainSingle(r => r.Lot == "L2511-EGG-01").Which.Should().Match<ReconciliationRowView>(r =>
            r.Level == "lot" && r.Unit == "EA" && r.JdeQuantity == 1440m && r.BakeryQuantity == 1440m && r.Status == "Match");

        await _sync.UpdateProductAsync(Sugar, p => p with { Jde = null });
        report = await ReportAsync();
        report.Rows.Should().ContainSingle(r => r.ProductId == Sugar).Which.Status.Should().Be("Unmapped");
        var missing = report.Rows.Should().ContainSingle(r => r.ShortItemNumber == 60010 && r.ProductId == null).Subject;
        missing.Status.Should().Be("Missing in bakery");
        missing.JdeQuantity.Should().BePositive();
        report.Totals["Match"].Should().Be(report.Rows.Count - 2);

        using var client = fixture.CreateClient();
        (await client.GetAsync("data/joined_df3")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        var (json, total) = await DataPageReader.JsonAsync(client, "data/joined_df3?size=5&offset=3");
        total.Should().Be(report.Rows.Count);
        json.Should().HaveCount(5);
        var (header, csv, csvTotal, _) = await DataPageReader.CsvAsync(client, "data/joined_df3?size=5&offset=3&format=csv");
        csvTotal.Should().Be(total);
        header.Should().StartWith(["ITM", "LITM", "MCU", "productId", "productName"]);
        DataPageReader.ShouldEqualJson(header, csv, json);
        var (filtered, filteredTotal) = await DataPageReader.JsonAsync(client, "data/joined_df3?status=Missing%20in%20bakery");
        filteredTotal.Should().Be(1);
        filtered.Single().GetProperty("ITM").GetInt32().Should().Be(60010);
        (await client.GetAsync("data/joined_df3?status=Lost")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var export = await client.GetAsync("reconciliation/export?status=Unmapped");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.FileName.Should().Contain("jde-vs-bakery-default_facility.csv");
        using (var exported = CsvHelper.CsvReader.FromText(await export.Content.ReadAsStringAsync(), new CsvHelper.CsvReaderOptions()))
        {
            exported.ReadHeader();
            exported.Headers.Should().Contain(["productName", "status", "variance"]);
            exported.Read().Should().BeTrue();
            exported.GetString(exported.Headers.ToList().IndexOf("productId")).Should().Be(Sugar);
            exported.Read().Should().BeFalse("the export holds exactly the filtered lines");
        }

        (await client.GetAsync("reconciliation/export?format=pdf")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var history = await client.GetAsync($"reconciliation/history?product={CardexSyncDriver.Flour}");
        history.StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("reconciliation/history")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.GetAsync("reconciliation/history?product=no_such_product")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var drill = await client.GetFromJsonAsync<JsonElement>($"reconciliation/drilldown?product={CardexSyncDriver.Flour}");
        drill.GetProperty("ledgerRows").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).Should().Contain("quarantined",
            "the row waiting in the quarantine is behind JD Edwards' figure");
        drill.GetProperty("ledgerRowCount").GetInt32().Should().BeGreaterThanOrEqualTo(drill.GetProperty("ledgerRows").GetArrayLength());
        drill.GetProperty("syncRuns").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Should().Contain(second.Id);
        (await client.GetAsync("reconciliation/drilldown")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.GetAsync("reconciliation/drilldown?item=12a")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // The page's first screen reads only the first products: its lines are exactly the whole report's first lines,
        // with a product linked by its 2nd item number alone (JD Edwards pads it; the link ignores case), an item in
        // flight, an unmapped product and an item without a product (the last line) among them.
        await _sync.UpdateProductAsync(CardexSyncDriver.Flour, p => p with { Jde = new JdeLinkInput(null, "b_flour_t55", p.Jde?.BranchPlant) });
        var whole = await ReportAsync();
        whole.Rows.Should().ContainSingle(r => r.ProductId == CardexSyncDriver.Flour).Which.JdeInFlight.Should().Be(12m);
        var flourLine = whole.Rows.ToList().FindIndex(r => r.ProductId == CardexSyncDriver.Flour) + 1;
        foreach (var count in new[] { 1, 4, flourLine, whole.Rows.Count - 1, whole.Rows.Count, whole.Rows.Count + 3 })
        {
            var first = await Services.GetRequiredService<ReconciliationService>().GetFirstLinesAsync(Facility, count, CancellationToken.None);
            first.Rows.Should().Equal(whole.Rows.Take(count), $"the first {count} lines are the whole report's");
            first.Totals.Should().BeEmpty("only the whole report counts lines");
        }
    }

    private Task<ReconciliationReport> ReportAsync() =>
        Services.GetRequiredService<ReconciliationService>().GetAsync(Facility, new ReconciliationQuery(), CancellationToken.None);

    private async Task SnapshotAsync()
    {
        var run = await Services.GetRequiredService<ReconciliationRunner>().RunNowAsync(Facility, "test", CancellationToken.None);
        run.Error.Should().BeNull();
        run.Status.Should().Be("succeeded");
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteReconciliationStatusTests(SqlitePortalFixture fixture)
    : ReconciliationStatusTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresReconciliationStatusTests(PostgresPortalFixture fixture)
    : ReconciliationStatusTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
