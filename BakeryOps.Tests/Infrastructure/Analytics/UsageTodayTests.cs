using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Analytics;

namespace BakeryOps.Tests.Infrastructure.Analytics;

/// <summary>The dashboard's usage pivot: the spec it asks for, and how its cells become magnitudes per category.</summary>
public sealed class UsageTodayTests
{
    [Fact]
    public void Spec_WhenBuilt_ThenCategoryByMovementTypeOfTodaysUsageAndWasteOfTheFacilityInTheZone()
    {
        var spec = UsageToday.Spec("main_site", "Europe/Paris");

        spec.Dataset.Should().Be("movements");
        spec.Rows.Should().Equal("category");
        spec.Columns.Should().Equal("movementType");
        spec.Measures.Should().Equal(new PivotMeasure("inventoryQuantity", Aggregates.Sum));
        spec.Filters.Should().BeEquivalentTo(new[]
        {
            new PivotFilter("movementType", FilterOps.In, ["USAGE", "WASTE"]),
            new PivotFilter("facilityId", FilterOps.Equal, ["main_site"]),
            new PivotFilter("adjustmentDate", FilterOps.Range, ["today"]),
        });
        spec.TimeZone.Should().Be("Europe/Paris");
    }

    [Fact]
    public void From_WhenCellsAreSignedOrMissing_ThenEachCategoryHasItsUsageAndWasteAsMagnitudes()
    {
        var result = Result(
            rows: [["Dairy"], [null], ["Ingredient"]],
            columns: [["USAGE"], ["WASTE"]],
            cells:
            [
                [[-3.5m], [-1m]],
                [[-2L], [null]],
                [[null], [-0.25m]],
            ]);

        var usage = UsageToday.From(result);

        usage.TimeZone.Should().Be("Europe/Paris");
        usage.Categories.Should().Equal(
            new CategoryUsage("Dairy", 3.5m, 1m),
            new CategoryUsage(UsageToday.NoCategory, 2m, 0m),
            new CategoryUsage("Ingredient", 0m, 0.25m));
    }

    [Fact]
    public void From_WhenOnlyWasteWasRecorded_ThenUsageIsZeroAndSubtotalRowsAreSkipped()
    {
        var result = Result(rows: [[], ["Packaging"]], columns: [["WASTE"]], cells: [[[-4m]], [[-4m]]]);

        UsageToday.From(result).Categories.Should().Equal(new CategoryUsage("Packaging", 0m, 4m));
    }

    private static PivotResult Result(object?[][] rows, object?[][] columns, object?[][][] cells) => new()
    {
        Dataset = "movements",
        RowFields = ["category"],
        ColumnFields = ["movementType"],
        Measures = [new PivotMeasureInfo("inventoryQuantity", Aggregates.Sum, "Sum of inventory quantity", PivotFieldType.Number)],
        RowHeaders = rows,
        ColumnHeaders = columns,
        Cells = cells.Select(r => (IReadOnlyList<IReadOnlyList<object?>>)r.Select(c => (IReadOnlyList<object?>)c).ToList()).ToList(),
        RowTotals = [],
        ColumnTotals = [],
        GrandTotal = [],
        TimeZone = "Europe/Paris",
    };
}
