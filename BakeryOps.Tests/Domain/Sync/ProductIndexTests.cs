using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;

namespace BakeryOps.Tests.Domain.Sync;

/// <summary>
/// Which product claims a JD Edwards item. The cardex sync, the item master review and the reconciliation all ask
/// this, on products read in whatever order the database returns them (PostgreSQL moves an updated row to the end).
/// </summary>
public sealed class ProductIndexTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_WhenTwoActiveProductsAreLinkedToOneItem_ThenTheFirstLinkedClaimsItInWhateverOrderTheyAreRead()
    {
        var first = Product("p-flour", 60001, "B_FLOUR_T55", T0);
        var second = Product("p-flour-new", 60001, "B_FLOUR_T55", T0.AddDays(3));

        new ProductIndex([first, second]).Find(60001, "B_FLOUR_T55").Should().BeSameAs(first);
        new ProductIndex([second, first]).Find(60001, "B_FLOUR_T55").Should().BeSameAs(first);
        new ProductIndex([second, first]).Find(99999, "b_flour_t55 ").Should().BeSameAs(first, "the 2nd item number, trimmed and in any case");
    }

    [Fact]
    public void Find_WhenTheFirstLinkedIsArchived_ThenTheActiveOneClaimsTheItem()
    {
        var archived = Product("p-old", 60001, "B_FLOUR_T55", T0);
        archived.Archived = true;
        var active = Product("p-new", 60001, "B_FLOUR_T55", T0.AddDays(3));

        new ProductIndex([archived, active]).Find(60001, "B_FLOUR_T55").Should().BeSameAs(active);
    }

    [Fact]
    public void Find_WhenTwoAreLinkedAtTheSameInstant_ThenTheLowerIdClaimsIt()
    {
        var b = Product("p-b", 60001, null, T0);
        var a = Product("p-a", 60001, null, T0);

        new ProductIndex([b, a]).Find(60001, "").Should().BeSameAs(a);
    }

    [Fact]
    public void Compare_WhenTwoProductsAreLinkedToOneItem_ThenTheReviewComparesTheProductTheSyncApplies()
    {
        var first = Product("p-flour", 60001, "B_FLOUR_T55", T0);
        var second = Product("p-flour-new", 60001, "B_FLOUR_T55", T0.AddDays(3));
        var entry = new JdeItemMasterEntry
        {
            FacilityId = "f", ShortItemNumber = 60001, SecondItemNumber = "B_FLOUR_T55", ThirdItemNumber = "", BusinessUnit = "1110",
            Description = "Flour T55, changed in JD Edwards", Description2 = "", PrimaryUnit = "KG", StockingType = "P", GlClass = "WA01",
            LineType = "S", LotProcessType = "",
        };

        var difference = ItemMasterComparison.Compare([entry], [second, first], new HashSet<string>(), pulledCompletely: true)
            .Should().ContainSingle().Subject;

        difference.ProductId.Should().Be(new ProductIndex([second, first]).Find(60001, "B_FLOUR_T55")!.Id).And.Be("p-flour");
    }

    private static Product Product(string id, int? itm, string? litm, DateTimeOffset createdAt) => new()
    {
        Id = id, FacilityId = "f", ProductName = id, Description = "Flour T55", InventoryUnit = "KG", JdeShortItemNumber = itm,
        JdeSecondItemNumber = litm, CreatedAt = createdAt,
    };
}
