using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Analytics;
using Row = (BakeryOps.Domain.Inventory.Movement Movement, BakeryOps.Domain.Inventory.Product Product);

namespace BakeryOps.Tests.Infrastructure.Analytics;

/// <summary>
/// The pivot engine on each database against LINQ to Objects over the same movements: every cell, subtotal and total,
/// date grouping in a zone with a DST change and a month end that differs from UTC, the grouping-set path of count
/// distinct, top-N with "Other", filters, drill-through, and the refusals that name the part of the spec at fault.
/// </summary>
public abstract class PivotEngineTests<TDatabase>(TDatabase database) where TDatabase : PivotDatabase
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly PivotFilter OwnFacility = new("facilityId", "eq", [PivotDatabase.Facility]);

    private IReadOnlyList<Row> Own => [.. database.Movements.Where(r => r.Movement.FacilityId == PivotDatabase.Facility)];

    [Theory]
    [InlineData(DateGroupings.Month, "site")]
    [InlineData(DateGroupings.Month, "UTC")]
    [InlineData(DateGroupings.Week, "site")]
    [InlineData(DateGroupings.Day, "site")]
    [InlineData(DateGroupings.Quarter, "UTC")]
    [InlineData(DateGroupings.Year, "site")]
    public async Task Pivot_WhenGroupedByCategoryProductTypeAndDate_ThenEveryCellSubtotalAndTotalEqualsLinq(string grouping, string zone)
    {
        var spec = new PivotSpec
        {
            Dataset = "movements",
            Rows = ["category", "productName"],
            Columns = ["movementType"],
            DateGrouping = grouping,
            TimeZone = zone,
            Measures =
            [
                new("inventoryQuantity", "sum"), new(null, "count"), new("quantity", "avg"), new("inventoryQuantity", "min"), new("adjustmentDate", "max"),
            ],
            Filters = [OwnFacility],
        };

        var result = await database.Service().RunAsync(spec, default);

        var tz = zone == "UTC" ? TimeZoneInfo.Utc : NewYork;
        result.ColumnFields.Should().Equal("movementType", "adjustmentDate");
        result.TimeZone.Should().Be(tz.Id);
        PivotExpectation.ShouldMatch(result, Own,
            [PivotExpectation.Field("category", tz), PivotExpectation.Field("productName", tz)],
            [PivotExpectation.Field("movementType", tz), PivotExpectation.Field("adjustmentDate", tz, grouping)],
            [
                g => (object)g.Sum(r => r.Movement.InventoryQuantity),
                g => (object)(long)g.Count,
                g => (object)Math.Round(g.Sum(r => r.Movement.Quantity) / g.Count, 12),
                g => (object)g.Min(r => r.Movement.InventoryQuantity),
                g => (object)g.Max(r => r.Movement.AdjustmentDate),
            ]);
    }

    [Fact]
    public async Task Pivot_WhenAMovementIs2330OnMarch31InNewYork_ThenItCountsInMarchThereAndInAprilInUtc()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements", Columns = ["adjustmentDate"], DateGrouping = "month",
            Measures = [new(null, "count")],
            Filters = [OwnFacility, new("adjustmentDate", "between", ["2026-03-31T23:00:00Z", "2026-04-01T03:45:00Z"])],
        };

        var site = await database.Service().RunAsync(spec, default);
        var utc = await database.Service().RunAsync(spec with { TimeZone = "UTC" }, default);

        site.ColumnHeaders.Select(PivotExpectation.Text).Should().Equal(["2026-03"], "23:30 on 31 March in New York");
        utc.ColumnHeaders.Select(PivotExpectation.Text).Should().Equal(["2026-04"]);
        site.GrandTotal.Should().Equal(5L);
    }

    [Fact]
    public async Task Pivot_WhenCountingDistinct_ThenTheDatabaseComputesEverySubtotalAndTheyEqualLinq()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements", Rows = ["category", "productName"], Columns = ["source"],
            Measures = [new("lotNumber", "countDistinct"), new("productId", "countDistinct"), new("inventoryQuantity", "sum"), new("quantity", "avg")],
            Filters = [OwnFacility],
        };

        var result = await database.Service().RunAsync(spec, default);

        PivotExpectation.ShouldMatch(result, Own,
            [PivotExpectation.Field("category", NewYork), PivotExpectation.Field("productName", NewYork)],
            [PivotExpectation.Field("source", NewYork)],
            [
                g => (object)(long)g.Where(r => r.Movement.LotNumber is not null).Select(r => r.Movement.LotNumber).Distinct().Count(),
                g => (object)(long)g.Select(r => r.Movement.ProductId).Distinct().Count(),
                g => (object)g.Sum(r => r.Movement.InventoryQuantity),
                g => (object)Math.Round(g.Sum(r => r.Movement.Quantity) / g.Count, 12),
            ]);
    }

    [Fact]
    public async Task Pivot_WhenTopNByValue_ThenTheRestFoldsIntoOtherWithItsTotals()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements", Rows = ["productName"], Columns = ["movementType"],
            Measures = [new("inventoryQuantity", "sum")],
            Filters = [OwnFacility], TopN = 2, Sort = new PivotSort("value", "desc"),
        };

        var result = await database.Service().RunAsync(spec, default);

        var totals = Own.GroupBy(r => r.Product.ProductName).Select(g => (Name: g.Key, Sum: g.Sum(r => r.Movement.InventoryQuantity)))
            .OrderByDescending(t => t.Sum).ToList();
        result.RowHeaders.Select(PivotExpectation.Text).Should().Equal(totals[0].Name, totals[1].Name, PivotResult.OtherLabel);
        result.RowTotals.Select(t => t[0]).Should().Equal(totals[0].Sum, totals[1].Sum, totals.Skip(2).Sum(t => t.Sum));
        var usage = result.ColumnHeaders.ToList().FindIndex(h => (string?)h[0] == "USAGE");
        result.Cells[2][usage][0].Should().Be(Own.Where(r => totals.Skip(2).Any(t => t.Name == r.Product.ProductName) && r.Movement.Type == MovementType.Usage)
            .Sum(r => r.Movement.InventoryQuantity));
        result.GrandTotal[0].Should().Be(Own.Sum(r => r.Movement.InventoryQuantity));
    }

    [Fact]
    public async Task Pivot_WhenFiltered_ThenOnlyMatchingRowsCountAsLinqSays()
    {
        var service = database.Service();
        async Task<long> CountAsync(params PivotFilter[] filters) =>
            (long)(await service.RunAsync(new PivotSpec { Dataset = "movements", Filters = [OwnFacility, .. filters] }, default)).GrandTotal[0]!;
        DateOnly Local(Row r) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Movement.AdjustmentDate, NewYork).DateTime);

        (await CountAsync(new PivotFilter("movementType", "in", ["usage", "WASTE"]))).Should()
            .Be(Own.Count(r => r.Movement.Type is MovementType.Usage or MovementType.Waste));
        (await CountAsync(new PivotFilter("lotNumber", "ne", ["L1"]))).Should().Be(Own.Count(r => r.Movement.LotNumber != "L1"), "blank lots are not L1");
        (await CountAsync(new PivotFilter("lotNumber", "eq", [null]))).Should().Be(Own.Count(r => r.Movement.LotNumber is null));
        (await CountAsync(new PivotFilter("lotNumber", "notIn", ["L1", null]))).Should().Be(Own.Count(r => r.Movement.LotNumber is "L2"));
        (await CountAsync(new PivotFilter("adjustmentDate", "between", ["2026-03-08", "2026-03-31"]))).Should()
            .Be(Own.Count(r => Local(r) >= new DateOnly(2026, 3, 8) && Local(r) <= new DateOnly(2026, 3, 31)), "whole local days in New York");
        (await CountAsync(new PivotFilter("adjustmentDate", "eq", ["2026-03-08"]))).Should().Be(Own.Count(r => Local(r) == new DateOnly(2026, 3, 8)));
        (await CountAsync(new PivotFilter("adjustmentDate", "ne", ["2026-03-08"]))).Should().Be(Own.Count(r => Local(r) != new DateOnly(2026, 3, 8)));
        (await CountAsync(new PivotFilter("adjustmentDate", "range", ["today"]))).Should().Be(Own.Count(r => Local(r) == new DateOnly(2026, 4, 15)));
        (await CountAsync(new PivotFilter("adjustmentDate", "range", ["lastMonth"]))).Should().Be(Own.Count(r => Local(r) is { Year: 2026, Month: 3 }));
        (await CountAsync(new PivotFilter("productName", "contains", ["flour"]))).Should().Be(Own.Count(r => r.Product.ProductName.Contains("Flour")));
        (await CountAsync(new PivotFilter("inventoryQuantity", "gte", ["5.5"]))).Should().Be(Own.Count(r => r.Movement.InventoryQuantity >= 5.5m));
        (await CountAsync(new PivotFilter("category", "eq", [""]))).Should().Be(Own.Count(r => r.Product.ProductCategory == ""));
    }

    [Fact]
    public async Task DrillThrough_WhenACellIsOpened_ThenItsRowsAreThoseBehindItNewestFirst()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements", Rows = ["category"], Columns = ["adjustmentDate"], DateGrouping = "month",
            Measures = [new(null, "count")], Filters = [OwnFacility],
        };
        var service = database.Service();
        var result = await service.RunAsync(spec, default);
        var row = result.RowHeaders.ToList().FindIndex(h => (string?)h[0] == "Dairy");
        var column = result.ColumnHeaders.ToList().FindIndex(h => (string?)h[0] == "2026-03");

        var page = await service.DrillThroughAsync(spec, [new("category", "Dairy"), new("adjustmentDate", "2026-03")], 0, 100, default);

        page.Total.Should().Be((long)result.Cells[row][column][0]!);
        var expected = Own.Where(r => r.Product.ProductCategory == "Dairy" && PivotExpectation.Bucket(r.Movement.AdjustmentDate, NewYork, "month") == "2026-03")
            .OrderByDescending(r => r.Movement.AdjustmentDate).ThenBy(r => r.Movement.Id).Select(r => r.Movement.Id);
        var id = page.Fields.ToList().IndexOf("id");
        page.Rows.Select(r => (string)r[id]!).Should().Equal(expected);
        page.Rows[0][page.Fields.ToList().IndexOf("movementType")].Should().BeOfType<string>().Which.Should().MatchRegex("^[A-Z]+$");

        var other = await service.DrillThroughAsync(spec, [new("category", PivotResult.OtherLabel, IsOther: true, Shown: ["Dairy", ""])], 0, 5, default);
        other.Total.Should().Be(Own.Count(r => r.Product.ProductCategory is not ("Dairy" or "")));
        other.Rows.Should().HaveCount(5);
    }

    [Fact]
    public async Task Pivot_WhenSqlArrivesInEveryStringOfTheSpec_ThenItIsRefusedOrMatchedLiterally()
    {
        const string Attack = "x'); DROP TABLE bakery_ops_movements; --";
        var service = database.Service();
        var baseSpec = new PivotSpec { Dataset = "movements", Rows = ["category"], Measures = [new(null, "count")], Filters = [OwnFacility] };
        PivotSpec[] refused =
        [
            baseSpec with { Dataset = Attack },
            baseSpec with { Rows = [Attack] },
            baseSpec with { Columns = ["category) FROM bakery_ops_products --"] },
            baseSpec with { Measures = [new(Attack, "sum")] },
            baseSpec with { Measures = [new("inventoryQuantity", "sum(1)); DROP TABLE x; --")] },
            baseSpec with { Filters = [new(Attack, "eq", ["1"])] },
            baseSpec with { Filters = [new("category", "eq'; --", ["1"])] },
            baseSpec with { Filters = [new("inventoryQuantity", "eq", ["1 OR 1=1"])] },
            baseSpec with { Filters = [new("adjustmentDate", "between", ["2026-01-01' OR '1'='1", "2026-12-31"])] },
            baseSpec with { DateGrouping = "month') --" },
            baseSpec with { Sort = new PivotSort("value; DROP TABLE x", "desc") },
            baseSpec with { Sort = new PivotSort("label", "desc NULLS FIRST; --") },
            baseSpec with { TimeZone = "UTC'; DROP TABLE bakery_ops_movements; --" },
        ];
        foreach (var spec in refused)
        {
            await FluentActions.Awaiting(() => service.RunAsync(spec, default)).Should().ThrowAsync<RequestValidationException>();
        }

        foreach (var literal in new[] { Attack, "' OR '1'='1", "%", "_", "\\", "Dairy' --" })
        {
            var eq = await service.RunAsync(baseSpec with { Filters = [OwnFacility, new("category", "eq", [literal])] }, default);
            eq.GrandTotal[0].Should().Be(0L, $"'{literal}' is a category name nobody has");
            var contains = await service.RunAsync(baseSpec with { Filters = [OwnFacility, new("productName", "contains", [literal])] }, default);
            contains.GrandTotal[0].Should().Be(0L);
        }

        var all = await service.RunAsync(baseSpec, default);
        all.GrandTotal[0].Should().Be((long)Own.Count, "the table is still there, whole");
    }

    [Fact]
    public async Task Pivot_WhenTheSpecIsWrong_ThenTheRefusalNamesTheFieldAtFault()
    {
        var service = database.Service();
        var spec = new PivotSpec { Dataset = "movements", Rows = ["category"], Measures = [new("inventoryQuantity", "sum")] };

        async Task<IReadOnlyDictionary<string, string[]>> ErrorsAsync(PivotSpec wrong, AnalyticsOptions? options = null) =>
            (await FluentActions.Awaiting(() => database.Service(options: options).RunAsync(wrong, default))
                .Should().ThrowAsync<RequestValidationException>()).Which.Errors;

        (await ErrorsAsync(spec with { Rows = ["flavour"] })).Should().ContainKey("rows[0]").WhoseValue.Single().Should().Contain("'flavour'");
        (await ErrorsAsync(spec with { Measures = [new("productName", "sum")] })).Should().ContainKey("measures[0].aggregate")
            .WhoseValue.Single().Should().Contain("productName").And.Contain("count");
        (await ErrorsAsync(spec with { Measures = [new("weight", "sum")] })).Should().ContainKey("measures[0].field").WhoseValue.Single().Should().Contain("'weight'");
        (await ErrorsAsync(spec with { Filters = [new("adjustmentDate", "eq", ["yesterday-ish"])] })).Should().ContainKey("filters[0].value")
            .WhoseValue.Single().Should().Contain("adjustmentDate");
        (await ErrorsAsync(spec with { Filters = [new("movementType", "eq", ["BAKE"])] })).Should().ContainKey("filters[0].value")
            .WhoseValue.Single().Should().Contain("USAGE");
        (await ErrorsAsync(spec with { Rows = ["inventoryQuantity"] })).Should().ContainKey("rows[0]");
        (await ErrorsAsync(spec with { Rows = ["a", "b", "c", "d"] })).Should().ContainKey("rows");
        (await ErrorsAsync(spec with { TimeZone = "Mars/Olympus" })).Should().ContainKey("timeZone");
        (await ErrorsAsync(spec with { TopN = 3, Measures = [new("lotNumber", "countDistinct")] })).Should().ContainKey("topN");

        var tooLarge = await ErrorsAsync(spec with { Rows = ["id"], Filters = [OwnFacility] }, new AnalyticsOptions { MaxCells = 20 });
        tooLarge.Should().ContainKey("rows").WhoseValue.Single().Should().Contain("Analytics:MaxCells");
        var wide = await ErrorsAsync(spec with { Rows = ["productName"], Columns = ["adjustmentDate"], Measures = [new(null, "count"), new("quantity", "sum")] },
            new AnalyticsOptions { MaxCells = 60 });
        wide.Should().ContainKey("rows").WhoseValue.Single().Should().Contain("cells");
    }

    [Fact]
    public async Task Pivot_WhenTheQueryOutlastsTheTimeout_ThenItIsCancelledAndRefusedAndTheServiceStillAnswers()
    {
        var heavy = Activator.CreateInstance<TDatabase>();
        await heavy.InitializeAsync();
        try
        {
            await heavy.AddGeneratedMovementsAsync(300_000);
            var spec = new PivotSpec
            {
                Dataset = "movements", Rows = ["lotNumber", "createdBy"], Columns = ["adjustmentDate"], DateGrouping = "day",
                Measures = [new("id", "countDistinct"), new("inventoryQuantity", "sum")],
            };
            var service = heavy.Service(options: new AnalyticsOptions { QueryTimeout = TimeSpan.FromMilliseconds(40), MaxCells = 10_000_000 });

            var started = System.Diagnostics.Stopwatch.StartNew();
            var refusal = await FluentActions.Awaiting(() => service.RunAsync(spec, default)).Should().ThrowAsync<RequestValidationException>();

            refusal.Which.Errors.Should().ContainKey("filters").WhoseValue.Single().Should().Contain("Analytics:QueryTimeout");
            started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "the query is stopped, not waited for");
            // The interrupted connection goes back to the pool and serves the next pivot.
            var small = await heavy.Service().RunAsync(new PivotSpec { Dataset = "products" }, default);
            small.GrandTotal[0].Should().Be(6L);
        }
        finally
        {
            await heavy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Datasets_EveryFieldGroupsFiltersAndAggregatesOnThisDatabase()
    {
        var service = database.Service();
        foreach (var dataset in service.Datasets)
        {
            foreach (var field in dataset.Fields)
            {
                var spec = new PivotSpec
                {
                    Dataset = dataset.Name,
                    Rows = field.Groupable ? [field.Name] : [],
                    Measures = [.. field.Aggregates.Select(a => new PivotMeasure(field.Name, a))],
                    Filters = [new PivotFilter(field.Name, "ne", [null])],
                };
                var result = await service.RunAsync(spec, default);
                result.GrandTotal.Should().HaveCount(field.Aggregates.Count, $"{dataset.Name}.{field.Name}");
                await service.DrillThroughAsync(new PivotSpec { Dataset = dataset.Name }, [], 0, 5, default);
            }
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqlitePivotEngineTests(SqlitePivotDatabase database)
    : PivotEngineTests<SqlitePivotDatabase>(database), IClassFixture<SqlitePivotDatabase>;

[Trait("Category", "Postgres")]
public sealed class PostgresPivotEngineTests(PostgresPivotDatabase database)
    : PivotEngineTests<PostgresPivotDatabase>(database), IClassFixture<PostgresPivotDatabase>;
