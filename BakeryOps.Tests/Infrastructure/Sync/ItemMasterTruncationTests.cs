using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// A pull AIS cuts off at its max-records limit is not the branch's whole item master: the run fails in words, and
/// nothing is mirrored, flagged as gone or applied, even for an item JD Edwards really removed meanwhile.
/// </summary>
public abstract class ItemMasterTruncationTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly ItemMasterSyncDriver _sync = new(fixture);

    [Fact]
    public async Task Pull_WhenAisAnswersWithMoreRecords_ThenTheRunFailsAndNothingIsFlaggedAsGone()
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        var mirrorBefore = await _sync.MirrorAsync();
        _sync.RemoveItem(60047);
        _sync.SetItem(60090, "B_OATS_ROLLED", "Rolled oats 20kg", "KG");
        fixture.Services.GetRequiredService<JdeSimulatorFaults>().Arm(JdeFaultKind.Truncate, calls: 1, orchestration: "JDE_ITEM_MASTER_TO_BAKERY_OPS");

        var cut = await _sync.RunExpectingFailureAsync();

        cut.Error.Should().Contain("said more records exist").And.Contain("nothing was mirrored, flagged as gone or applied").And.Contain("WA01");
        (await _sync.MirrorAsync()).Should().BeEquivalentTo(mirrorBefore, "a partial list must not touch the mirror");
        (await _sync.ReviewAsync()).Items.Should().BeEmpty("nothing is gone or new on the strength of a partial list");
        (await _sync.ProductOfItemAsync("B_SESAME"))!.Archived.Should().BeFalse();

        var whole = await _sync.RunAsync();

        whole.Counts[ItemMasterSyncCounts.Gone].Should().Be(1, "the next whole pull sees the removal");
        whole.Counts[ItemMasterSyncCounts.New].Should().Be(1);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteItemMasterTruncationTests(SqlitePortalFixture fixture)
    : ItemMasterTruncationTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresItemMasterTruncationTests(PostgresPortalFixture fixture)
    : ItemMasterTruncationTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
