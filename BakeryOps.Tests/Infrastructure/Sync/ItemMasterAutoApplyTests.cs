using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>With <c>Sync:ItemMaster:AutoApply</c> on, a pull applies new items and changes at once, and never archives.</summary>
public abstract class ItemMasterAutoApplyTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly ItemMasterSyncDriver _sync = new(fixture);

    [Fact]
    public async Task Pull_WhenAutoApplyIsOn_ThenNewItemsAndChangesAreAppliedAndAGoneProductWaitsForADecision()
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        _sync.SetItem(60090, "B_OATS_ROLLED", "Rolled oats 20kg", "KG", lotControlled: true, shelfLifeDays: 300);
        _sync.ChangeItem(60046, r => r with { Srce = "", Glpt = "WA02" });
        _sync.RemoveItem(60047);

        var run = await _sync.RunAsync();

        run.Counts[ItemMasterSyncCounts.Created].Should().Be(1);
        run.Counts[ItemMasterSyncCounts.Updated].Should().Be(1);
        run.Counts[ItemMasterSyncCounts.Archived].Should().Be(0);
        (await _sync.ProductOfItemAsync("B_OATS_ROLLED"))!.Should().Match<BakeryOps.Domain.Inventory.Product>(p => p.LotControlled && p.ShelfLifeDays == 300);
        (await _sync.ProductOfItemAsync("B_RAISINS"))!.Should().Match<BakeryOps.Domain.Inventory.Product>(p => !p.LotControlled && p.GlClass == "WA02");
        (await _sync.ProductOfItemAsync("B_SESAME"))!.Archived.Should().BeFalse("auto-apply never archives");
        var review = await _sync.ReviewAsync();
        review.AutoApply.Should().BeTrue();
        review.Items.Should().ContainSingle().Which.Should().Match<ItemMasterDifferenceView>(i => i.Item == "B_SESAME" && i.Change == "gone");
        (await _sync.MirrorAsync()).Single(e => e.SecondItemNumber == "B_OATS_ROLLED").AppliedBy.Should().Be(ItemMasterSync.AutoApplyUser);
    }
}

public sealed class SqliteAutoApplyPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Sync:ItemMaster:AutoApply"] = "true" };
}

public sealed class PostgresAutoApplyPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Sync:ItemMaster:AutoApply"] = "true" };
}

[Trait("Category", "Sqlite")]
public sealed class SqliteItemMasterAutoApplyTests(SqliteAutoApplyPortalFixture fixture)
    : ItemMasterAutoApplyTests<SqliteAutoApplyPortalFixture>(fixture), IClassFixture<SqliteAutoApplyPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresItemMasterAutoApplyTests(PostgresAutoApplyPortalFixture fixture)
    : ItemMasterAutoApplyTests<PostgresAutoApplyPortalFixture>(fixture), IClassFixture<PostgresAutoApplyPortalFixture>;
