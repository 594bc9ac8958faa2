using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;

namespace BakeryOps.Tests.Domain.Sync;

/// <summary>The item master comparison's rules on their own: units that convert, blocked rows, and what counts as gone.</summary>
public sealed class ItemMasterComparisonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NoMovements = [];

    [Fact]
    public void Compare_WhenTheBakeryCountsInAnotherUnitThatJdesConvertsTo_ThenTheUnitIsNoDifference()
    {
        var eggs = Product("p-eggs", 60024, "B_EGGS_LARGE", "EA", conversions: [new ProductUnitConversion("CS", 360m)]);

        var differences = ItemMasterComparison.Compare([Entry(60024, "B_EGGS_LARGE", "CS")], [eggs], NoMovements, pulledCompletely: true);

        differences.Should().BeEmpty();
    }

    [Fact]
    public void Compare_WhenJdesUnitDoesNotConvertAndTheProductHasMovements_ThenTheRowIsBlockedWithTheWayOut()
    {
        var flour = Product("p-flour", 60001, "B_FLOUR_T55", "EA");

        var difference = ItemMasterComparison.Compare([Entry(60001, "B_FLOUR_T55", "KG")], [flour], new HashSet<string> { "p-flour" }, true)
            .Should().ContainSingle().Subject;

        difference.Change.Should().Be(ItemMasterChange.Changed);
        difference.Attributes.Should().ContainSingle().Which.Should().Be(new ItemAttributeDifference("unit", "KG", "EA"));
        difference.BlockedReason.Should().Contain("add a conversion from KG in the product editor");
    }

    [Fact]
    public void Compare_WhenJdesUnitIsNotInTheCatalogue_ThenANewItemIsBlocked()
    {
        var difference = ItemMasterComparison.Compare([Entry(60099, "B_ODD", "DRM")], [], NoMovements, true).Should().ContainSingle().Subject;

        difference.Change.Should().Be(ItemMasterChange.New);
        difference.BlockedReason.Should().Contain("'DRM' is not in the bakery's unit catalogue");
    }

    [Fact]
    public void Compare_WhenAProductsItemIsNotListed_ThenItIsGoneOnlyAfterACompletePullAndOnlyIfNoListedItemIsItsOwn()
    {
        var sesame = Product("p-sesame", 60047, "B_SESAME", "KG");
        var flour = Product("p-flour", 60001, "B_FLOUR_T55", "KG");
        var secondFlour = Product("p-flour-2", 60001, "B_FLOUR_T55", "KG", createdAt: T0.AddDays(1));
        var unlinked = Product("p-local", null, null, "KG");
        var entries = new[] { Entry(60001, "B_FLOUR_T55", "KG"), Entry(60047, "B_SESAME", "KG", missing: true) };

        ItemMasterComparison.Compare(entries, [sesame, flour, secondFlour, unlinked], NoMovements, pulledCompletely: false).Should().BeEmpty();
        ItemMasterComparison.Compare(entries, [sesame, flour, secondFlour, unlinked], NoMovements, pulledCompletely: true)
            .Should().ContainSingle().Which.Should().Match<ItemMasterDifference>(d => d.Change == ItemMasterChange.Gone && d.ProductId == "p-sesame");
    }

    private static JdeItemMasterEntry Entry(int itm, string litm, string unit, bool missing = false) => new()
    {
        FacilityId = "f", ShortItemNumber = itm, SecondItemNumber = litm, ThirdItemNumber = litm, BusinessUnit = "1110", Description = litm,
        Description2 = "", PrimaryUnit = unit, StockingType = "P", GlClass = "WA01", LineType = "S", LotProcessType = "", ShelfLifeDays = 100,
        MissingSince = missing ? T0 : null,
    };

    private static Product Product(string id, int? itm, string? litm, string unit, List<ProductUnitConversion>? conversions = null, DateTimeOffset? createdAt = null) => new()
    {
        Id = id, FacilityId = "f", ProductName = litm ?? id, InventoryUnit = unit, JdeShortItemNumber = itm, JdeSecondItemNumber = litm,
        StockingType = "P", GlClass = "WA01", ShelfLifeDays = 100, Conversions = conversions ?? [], CreatedAt = createdAt ?? T0,
    };
}
