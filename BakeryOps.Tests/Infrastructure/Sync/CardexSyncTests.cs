using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// The first runs of the cardex sync on the sample bakery, against the portal's simulator over HTTP: the history is
/// baseline, a receipt posted in JD Edwards afterwards is applied once, and the overlap's re-read changes nothing.
/// One test per class: it needs the facility's very first run.
/// </summary>
public abstract class CardexSyncTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task FirstRuns_WhenHistoryIsBaselineAndAReceiptIsPostedInJde_ThenOnlyTheReceiptIsAppliedAndOnlyOnce()
    {
        await _sync.LoadSampleDataAsync();
        var flourBefore = await _sync.OnHandAsync(CardexSyncDriver.Flour);

        var first = await _sync.RunAsync();

        first.Counts.GetValueOrDefault(CardexSyncCounts.Read).Should().BePositive();
        first.Counts.GetValueOrDefault(CardexSyncCounts.Baseline).Should().Be(first.Counts[CardexSyncCounts.Read]);
        first.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(0);
        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(flourBefore).And.Be(2500m);
        (await _sync.JdeMovementCountAsync()).Should().Be(0);

        var document = await _sync.RecordInJdeAsync("B_FLOUR_T55", 50m, "KG", "OV", explanation: "PO 4711 received");
        var second = await _sync.RunAsync();

        second.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(1);
        second.Counts.GetValueOrDefault(CardexSyncCounts.Duplicates).Should().Be(second.Counts[CardexSyncCounts.Read] - 1,
            "the overlap re-reads the days already mirrored; only the new row is new");
        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(2550m);
        var mirrored = (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
        mirrored.Outcome.Should().Be(CardexOutcome.Applied);
        (await _sync.MovementOfAsync(mirrored)).Should().Match<Movement>(m =>
            m.Type == MovementType.Receipt && m.Quantity == 50m && m.Unit == "KG" && m.InventoryQuantity == 50m && m.Source == MovementSource.Jde);
        mirrored.MovementId.Should().NotBeNull();
        (await _sync.MovementsOfLedgerKeyAsync(mirrored.Ukid)).Should().Be(1);

        var outcomes = await _sync.LakeOutcomesOfRunAsync(second.Id);
        outcomes.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["applied"] = 1, ["duplicate"] = second.Counts[CardexSyncCounts.Read] - 1,
        }, "DuckDB reads every row the run read from cardex_changes, with what happened to it");
        second.Counts[CardexSyncCounts.LakeRows].Should().Be(second.Counts[CardexSyncCounts.Read]);

        var third = await _sync.RunAsync();

        third.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(0);
        third.Counts.GetValueOrDefault(CardexSyncCounts.Duplicates).Should().Be(third.Counts[CardexSyncCounts.Read]);
        third.Counts[CardexSyncCounts.Duplicates].Should().BePositive("the receipt was written today, inside the overlap");
        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(2550m);
        (await _sync.MovementsOfLedgerKeyAsync(mirrored.Ukid)).Should().Be(1);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteCardexSyncTests(SqlitePortalFixture fixture)
    : CardexSyncTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresCardexSyncTests(PostgresPortalFixture fixture)
    : CardexSyncTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
