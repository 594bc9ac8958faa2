using BakeryOps.Domain.Analytics;
using BakeryOps.Portal.Components.Pages.Analytics;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>The movements grid's address for a cell: what keys and filters the grid can apply, and what it cannot.</summary>
public sealed class PivotMovementsLinkTests
{
    [Fact]
    public void For_WhenKeysAndFiltersFixProductTypesAndAMonth_ThenTheAddressCarriesThemAll()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements",
            DateGrouping = "month",
            Filters = [new PivotFilter("facilityId", FilterOps.Equal, ["bakery 1"]), new PivotFilter("movementType", FilterOps.In, ["usage", "WASTE"])],
        };

        var link = PivotMovementsLink.For(spec, [new PivotCellKey("productId", "p-1"), new PivotCellKey("adjustmentDate", "2024-02")], "other", sameZone: true);

        link.Href.Should().Be("bakery-ops-data?facility=bakery%201&tab=movements&product=p-1&types=USAGE,WASTE&from=2024-02-01&to=2024-02-29");
        link.Applied.Should().Equal("product", "types", "dates");
        link.Wider.Should().BeEmpty();
    }

    [Fact]
    public void For_WhenKeysOrFiltersNameWhatTheGridCannotFilterBy_ThenTheyAreLeftOutAndNamed()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements",
            DateGrouping = "week",
            Filters =
            [
                new PivotFilter("movementType", FilterOps.NotIn, ["WASTE"]),
                new PivotFilter("lotNumber", FilterOps.Equal, ["L1"]),
                new PivotFilter("adjustmentDate", FilterOps.Range, ["thisYear"]),
            ],
        };
        PivotCellKey[] keys = [new("category", "Ingredient"), new("productId", PivotResult.OtherLabel, IsOther: true), new("adjustmentDate", "2026-W11")];

        var link = PivotMovementsLink.For(spec, keys, "f1", sameZone: true);

        link.Href.Should().Be("bakery-ops-data?facility=f1&tab=movements&from=2026-03-09&to=2026-03-15");
        link.Applied.Should().Equal("dates");
        link.Wider.Should().BeEquivalentTo("category", "productId", "movementType", "lotNumber", "adjustmentDate");
    }

    [Fact]
    public void For_WhenTheTypeIsAKeyAndThePivotGroupedInAnotherZone_ThenTheTypeCoversItsFiltersAndTheDaysAreLeftOut()
    {
        var spec = new PivotSpec
        {
            Dataset = "movements",
            DateGrouping = "month",
            Filters = [new PivotFilter("movementType", FilterOps.NotEqual, ["WASTE"])],
        };

        var link = PivotMovementsLink.For(spec, [new PivotCellKey("movementType", "USAGE"), new PivotCellKey("adjustmentDate", "2026-03")], null, sameZone: false);

        link.Href.Should().Be("bakery-ops-data?tab=movements&types=USAGE");
        link.Applied.Should().Equal("type");
        link.Wider.Should().Equal("adjustmentDate");
    }
}
