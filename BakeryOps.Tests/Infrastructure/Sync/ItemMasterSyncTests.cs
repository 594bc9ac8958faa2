using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// The item master sync of the sample bakery against the portal's simulator over HTTP: a fresh sample reviews clean;
/// items added, changed and removed in JD Edwards show as new, changed and gone; an apply takes exactly the selected
/// rows, archives only on request, and refuses what it cannot take. One test per class: it needs the first pull.
/// </summary>
public abstract class ItemMasterSyncTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly ItemMasterSyncDriver _sync = new(fixture);

    [Fact]
    public async Task Pulls_WhenJdeAddsChangesAndRemovesItems_ThenTheReviewShowsThemAndApplyTakesOnlyTheSelectedOnes()
    {
        await _sync.LoadSampleDataAsync();

        var first = await _sync.RunAsync();

        first.Counts[ItemMasterSyncCounts.Read].Should().Be(_sync.ItemsInBranch()).And.BePositive();
        first.Counts.GetValueOrDefault(ItemMasterSyncCounts.New).Should().Be(0);
        first.Counts.GetValueOrDefault(ItemMasterSyncCounts.Changed).Should().Be(0);
        first.Counts.GetValueOrDefault(ItemMasterSyncCounts.Gone).Should().Be(0);
        (await _sync.ReviewAsync()).Items.Should().BeEmpty("the sample's products carry the item master's attributes");
        var lake = _sync.LakeRowsOfRun(first.Id);
        lake.Should().HaveCount(_sync.ItemsInBranch(), "DuckDB reads the run's pulled rows from item_master");
        lake["B_FLOUR_T55"].Should().Be("Flour T55 25kg bag");
        first.Counts[ItemMasterSyncCounts.LakeRows].Should().Be(lake.Count);

        _sync.SetItem(60090, "B_OATS_ROLLED", "Rolled oats 20kg", "KG", shelfLifeDays: 365);
        _sync.SetItem(60091, "P_BOX_TART", "Tart box pack 100", "PK", glClass: "WA02");
        _sync.SetItem(60092, "B_MALT_SYRUP", "Malt syrup drum", "DRM");
        _sync.ChangeItem(60010, r => r with { Dsc1 = "Caster sugar 20kg", Sld = 365 });
        _sync.RemoveItem(60047);
        var productsBefore = await _sync.ProductCountAsync();

        var second = await _sync.RunAsync();

        second.Counts[ItemMasterSyncCounts.New].Should().Be(3);
        second.Counts[ItemMasterSyncCounts.Changed].Should().Be(1);
        second.Counts[ItemMasterSyncCounts.Gone].Should().Be(1);
        second.Counts[ItemMasterSyncCounts.Blocked].Should().Be(1);
        second.Counts.GetValueOrDefault(ItemMasterSyncCounts.Applied).Should().Be(0, "auto-apply is off");
        var review = await _sync.ReviewAsync();
        review.AutoApply.Should().BeFalse();
        review.Items.Select(i => (i.Item, i.Change)).Should().BeEquivalentTo(new[]
        {
            ("B_OATS_ROLLED", "new"), ("P_BOX_TART", "new"), ("B_MALT_SYRUP", "new"), ("B_SUGAR_CASTER", "changed"), ("B_SESAME", "gone"),
        });
        review.Items.Single(i => i.Item == "B_SUGAR_CASTER").Attributes.Should().BeEquivalentTo(new[]
        {
            new ItemAttributeView("description", "Caster sugar 20kg", "Caster sugar 25kg"),
            new ItemAttributeView("shelf_life_days", "365", "720"),
        });
        review.Items.Single(i => i.Item == "B_MALT_SYRUP").BlockedReason.Should().Contain("'DRM' is not in the bakery's unit catalogue");
        review.Items.Single(i => i.Item == "B_SESAME").ProductId.Should().Be("prod_1110_60047");

        var withoutArchiving = () => _sync.ApplyAsync(false, "B_OATS_ROLLED", "B_SESAME");
        (await withoutArchiving.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Should().ContainKey("archiveMissing");
        var blocked = () => _sync.ApplyAsync(false, "B_MALT_SYRUP");
        (await blocked.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("B_MALT_SYRUP").And.Contain("DRM");
        var unknown = () => _sync.ApplyAsync(false, "B_NOT_THERE");
        (await unknown.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Should().ContainKey("items[0]");
        (await _sync.ProductCountAsync()).Should().Be(productsBefore, "a refused selection applies nothing");

        var applied = await _sync.ApplyAsync(false, "B_OATS_ROLLED", "B_SUGAR_CASTER");

        applied.Created.Select(c => c.Item).Should().Equal("B_OATS_ROLLED");
        applied.Updated.Should().Equal(new AppliedItemView("B_SUGAR_CASTER", "prod_1110_60010"));
        applied.Archived.Should().BeEmpty();
        (await _sync.ProductCountAsync()).Should().Be(productsBefore + 1);
        var oats = (await _sync.ProductOfItemAsync("B_OATS_ROLLED"))!;
        oats.Should().Match<BakeryOps.Domain.Inventory.Product>(p => p.ProductName == "Rolled oats 20kg" && p.InventoryUnit == "KG"
            && p.JdeShortItemNumber == 60090 && p.JdeBranchPlant == "1110" && p.GlClass == "WA01" && p.StockingType == "P"
            && p.ShelfLifeDays == 365 && !p.LotControlled && p.ProductCategory == "Ingredient");
        var sugar = (await _sync.ProductOfItemAsync("B_SUGAR_CASTER"))!;
        (sugar.ProductName, sugar.ShelfLifeDays).Should().Be(("Caster sugar 20kg", 365));
        (await _sync.ProductOfItemAsync("P_BOX_TART")).Should().BeNull("it was not selected");
        (await _sync.ProductOfItemAsync("B_SESAME"))!.Archived.Should().BeFalse("archiving needs archiveMissing");
        var mirror = await _sync.MirrorAsync();
        mirror.Single(e => e.SecondItemNumber == "B_OATS_ROLLED").AppliedBy.Should().Be("tester");
        mirror.Single(e => e.SecondItemNumber == "B_SESAME").MissingSince.Should().NotBeNull();
        (await _sync.ReviewAsync()).Items.Select(i => i.Item).Should().BeEquivalentTo("P_BOX_TART", "B_MALT_SYRUP", "B_SESAME");

        var archived = await _sync.ApplyAsync(true, "B_SESAME");

        archived.Archived.Should().Equal(new AppliedItemView("B_SESAME", "prod_1110_60047"));
        (await _sync.ProductOfItemAsync("B_SESAME"))!.Archived.Should().BeTrue("archived, never deleted");
        (await _sync.ReviewAsync()).Items.Select(i => i.Item).Should().BeEquivalentTo("P_BOX_TART", "B_MALT_SYRUP");
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteItemMasterSyncTests(SqlitePortalFixture fixture)
    : ItemMasterSyncTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresItemMasterSyncTests(PostgresPortalFixture fixture)
    : ItemMasterSyncTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
