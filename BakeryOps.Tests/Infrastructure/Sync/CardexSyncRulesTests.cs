using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// How ledger rows become movements: units, lots, the bakery's own postings, back-dated rows and the quarantine. Each
/// test first catches the facility up (so its history is mirrored), then writes its own rows in JD Edwards and looks
/// only at those.
/// </summary>
public abstract class CardexSyncRulesTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task IssueOfCasesOfALotControlledItem_WhenSynced_ThenEachesLeaveItsLot()
    {
        await CatchUpAsync();
        var before = await _sync.OnHandAsync(CardexSyncDriver.Eggs);

        var document = await _sync.PostAsync("B_EGGS_LARGE", 4m, "CS", lot: "L2511-EGG-01", documentType: "II", explanation: "Kitchen use");
        var run = await _sync.RunAsync();

        run.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(1);
        var entry = (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
        entry.Quantity.Should().Be(-4m);
        var movement = await _sync.MovementOfAsync(entry);
        movement.Should().Match<Movement>(m => m.Type == MovementType.Usage && m.Quantity == -4m && m.Unit == "CS" && m.InventoryQuantity == -1440m
            && m.LotNumber == "L2511-EGG-01" && m.BatchNumber == "L2511-EGG-01");
        (await _sync.OnHandAsync(CardexSyncDriver.Eggs)).Should().Be(before - 1440m);
        (await _sync.BatchOnHandAsync(CardexSyncDriver.Eggs, "L2511-EGG-01")).Should().Be(before - 1440m);
    }

    [Fact]
    public async Task OwnPosting_WhenItsExplanationStartsWithBko_ThenMirroredAndNotApplied()
    {
        await CatchUpAsync();
        var before = await _sync.OnHandAsync(CardexSyncDriver.Flour);

        var document = await _sync.PostAsync("B_FLOUR_T55", -3m, "KG", explanation: "BKO 7Q2M4X");
        var run = await _sync.RunAsync();

        run.Counts.GetValueOrDefault(CardexSyncCounts.OwnPostings).Should().Be(1);
        run.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(0);
        (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Which.Outcome.Should().Be(CardexOutcome.OwnPosting);
        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(before);
    }

    [Fact]
    public async Task BackDatedRow_WhenWrittenNowForAWeekBeforeTheCursor_ThenAppliedAndFlagged()
    {
        await CatchUpAsync();
        var before = await _sync.OnHandAsync(CardexSyncDriver.Flour);

        var document = await _sync.PostAsync("B_FLOUR_T55", 7m, "KG", transactionDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7));
        var run = await _sync.RunAsync();

        run.Counts.GetValueOrDefault(CardexSyncCounts.BackDated).Should().Be(1);
        var entry = (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
        entry.Should().Match<JdeCardexEntry>(e => e.Outcome == CardexOutcome.Applied && e.BackDated);
        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(before + 7m);
    }

    [Fact]
    public async Task UnmappedDocumentType_WhenSynced_ThenQuarantinedAndAppliedOnceAfterItIsMappedAndRetried()
    {
        await CatchUpAsync();
        var before = await _sync.OnHandAsync(CardexSyncDriver.Flour);
        var document = await _sync.RecordInJdeAsync("B_FLOUR_T55", 2m, "KG", "IZ");

        var entry = await ExpectQuarantinedAsync(document, QuarantineReason.UnknownDocumentType, "Sync:DocumentTypes");
        var documentTypes = fixture.Services.GetRequiredService<IOptions<SyncOptions>>().Value.DocumentTypes;
        documentTypes["IZ"] = "ADJUSTMENT";
        try
        {
            await ExpectAppliedOnceAfterRetryAsync(entry, QuarantineReason.UnknownDocumentType);
        }
        finally
        {
            documentTypes.Remove("IZ");
        }

        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(before + 2m);
    }

    [Fact]
    public async Task ItemWithoutAProduct_WhenSynced_ThenQuarantinedAndAppliedOnceAfterTheProductIsLinkedAndRetried()
    {
        const string spelt = "prod_1110_60005";
        await CatchUpAsync();
        var link = (await _sync.ProductAsync(spelt)).ToInput().Jde;
        await _sync.UpdateProductAsync(spelt, input => input with { Jde = null });
        var before = await _sync.OnHandAsync(spelt);
        var document = await _sync.PostAsync("B_FLOUR_SPELT", 3m, "KG");

        var entry = await ExpectQuarantinedAsync(document, QuarantineReason.UnknownItem, "link a product");
        await _sync.UpdateProductAsync(spelt, input => input with { Jde = link });
        await ExpectAppliedOnceAfterRetryAsync(entry, QuarantineReason.UnknownItem);

        (await _sync.OnHandAsync(spelt)).Should().Be(before + 3m);
    }

    [Fact]
    public async Task UnitWithoutAConversion_WhenSynced_ThenQuarantinedAndAppliedOnceAfterTheConversionIsAddedAndRetried()
    {
        await CatchUpAsync();
        var conversions = (await _sync.ProductAsync(CardexSyncDriver.Eggs)).ToInput().UnitConversions;
        await _sync.UpdateProductAsync(CardexSyncDriver.Eggs, input => input with { UnitConversions = [] });
        var before = await _sync.OnHandAsync(CardexSyncDriver.Eggs);
        var document = await _sync.PostAsync("B_EGGS_LARGE", 1m, "CS", lot: "L2511-EGG-01");

        var entry = await ExpectQuarantinedAsync(document, QuarantineReason.UnitNotConvertible, "add a unit conversion");
        await _sync.UpdateProductAsync(CardexSyncDriver.Eggs, input => input with { UnitConversions = conversions });
        await ExpectAppliedOnceAfterRetryAsync(entry, QuarantineReason.UnitNotConvertible);

        (await _sync.OnHandAsync(CardexSyncDriver.Eggs)).Should().Be(before + 360m);
    }

    private async Task<JdeCardexEntry> ExpectQuarantinedAsync(long document, QuarantineReason reason, string detail)
    {
        var movements = await _sync.JdeMovementCountAsync();
        var run = await _sync.RunAsync();

        run.Counts.GetValueOrDefault(CardexSyncCounts.Quarantined).Should().Be(1);
        var entry = (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CardexOutcome.Quarantined);
        var quarantined = await _sync.QuarantineOfAsync(entry.Ukid);
        quarantined.Reason.Should().Be(reason);
        quarantined.Detail.Should().Contain(detail);
        quarantined.ResolvedAt.Should().BeNull();
        (await _sync.JdeMovementCountAsync()).Should().Be(movements);
        return entry;
    }

    private async Task ExpectAppliedOnceAfterRetryAsync(JdeCardexEntry entry, QuarantineReason reason)
    {
        var retry = await _sync.RetryAsync(reason);
        var again = await _sync.RetryAsync(reason);
        var sync = await _sync.RunAsync();

        retry.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(1);
        again.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(0, "a resolved row is not retried");
        sync.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(0);
        (await _sync.MirrorOfDocumentAsync(entry.DocumentNumber)).Should().ContainSingle().Which.Outcome.Should().Be(CardexOutcome.Applied);
        (await _sync.QuarantineOfAsync(entry.Ukid)).ResolvedAt.Should().NotBeNull();
        (await _sync.MovementsOfLedgerKeyAsync(entry.Ukid)).Should().Be(1);
        (await _sync.LakeOutcomesOfRunAsync(retry.Id)).Should().Contain("applied", 1, "the retry's outcomes reach cardex_changes under its run id");
    }

    private async Task CatchUpAsync()
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteCardexSyncRulesTests(SqlitePortalFixture fixture)
    : CardexSyncRulesTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresCardexSyncRulesTests(PostgresPortalFixture fixture)
    : CardexSyncRulesTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
