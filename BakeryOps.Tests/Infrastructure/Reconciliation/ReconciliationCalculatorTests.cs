using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Reconciliation;

namespace BakeryOps.Tests.Infrastructure.Reconciliation;

/// <summary>The rules of a reconciliation line, on figures as the grouped queries return them.</summary>
public sealed class ReconciliationCalculatorTests
{
    private static readonly Facility Facility = new() { Id = "f1", Name = "Main", JdeBusinessUnit = "1110" };
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static Product Flour(decimal onHand = 100m) => new()
    {
        Id = "flour", FacilityId = "f1", ProductName = "Flour", InventoryUnit = "KG", OnHand = onHand, JdeShortItemNumber = 60001, JdeSecondItemNumber = "B_FLOUR",
    };

    private static Product Eggs(decimal onHand) => new()
    {
        Id = "eggs", FacilityId = "f1", ProductName = "Eggs", InventoryUnit = "EA", OnHand = onHand, JdeShortItemNumber = 60024, JdeSecondItemNumber = "B_EGGS",
        Conversions = [new ProductUnitConversion("CS", 360m)],
    };

    private static JdeQuantity Held(int item, string litm, decimal quantity, string unit = "KG", string lot = "") => new(item, litm, lot, unit, quantity, 1);

    private static ReconciliationResult Compute(
        IReadOnlyList<Product> products, IReadOnlyList<JdeQuantity> balance, IReadOnlyList<JdeQuantity>? ledger = null,
        IReadOnlyList<JdeQuantity>? inFlight = null, IReadOnlyList<BatchStock>? batches = null, IReadOnlyList<LedgerOpening>? openings = null,
        ReconciliationToleranceOptions? tolerance = null, BalanceSource source = BalanceSource.ItemBalance,
        IReadOnlyList<BakeryQuantity>? bakeryInFlight = null) =>
        ReconciliationCalculator.Compute(
            new ReconciliationInputs(Facility, source, products, batches ?? [], balance, ledger ?? balance, openings ?? [], inFlight ?? [],
                new Dictionary<int, string>(), bakeryInFlight ?? []),
            tolerance ?? new ReconciliationToleranceOptions(), Guid.NewGuid(), Now);

    [Fact]
    public void Compute_WhenABakeryUsageIsOnItsWayToJde_ThenItIsInFlightNotVariance()
    {
        // 2.5 KG used in the bakery, not yet posted: bakery 97.5, JD Edwards still 100.
        var row = Compute([Flour(97.5m)], [Held(60001, "B_FLOUR", 100m)], bakeryInFlight: [new BakeryQuantity("flour", "", -2.5m)])
            .Rows.Should().ContainSingle().Subject;

        row.Status.Should().Be(ReconciliationStatus.Match);
        row.BakeryInFlight.Should().Be(-2.5m);
        row.Variance.Should().Be(0m);
    }

    [Fact]
    public void Compute_WhenAnotherLotIsInFlight_ThenOnlyThatLotIsSetApart()
    {
        var batches = new[] { new BatchStock("eggs", "L1", 350m), new BatchStock("eggs", "L2", 360m) };
        var rows = Compute([Eggs(710m)], [Held(60024, "B_EGGS", 1m, "CS", "L1"), Held(60024, "B_EGGS", 1m, "CS", "L2")], batches: batches,
            bakeryInFlight: [new BakeryQuantity("eggs", "L1", -10m)]).Rows;

        rows.Should().ContainSingle(r => r.Lot == "L1").Which.Should().Match<ReconciliationRow>(r => r.Status == ReconciliationStatus.Match && r.BakeryInFlight == -10m);
        rows.Should().ContainSingle(r => r.Lot == "L2").Which.BakeryInFlight.Should().Be(0m);
    }

    [Fact]
    public void Compute_WhenBothSidesAgree_ThenMatchWithNoVariance()
    {
        var row = Compute([Flour(100m)], [Held(60001, "B_FLOUR", 100m)]).Rows.Should().ContainSingle().Subject;

        row.Status.Should().Be(ReconciliationStatus.Match);
        row.Variance.Should().Be(0m);
        row.Level.Should().Be(ReconciliationLevel.Item);
    }

    [Fact]
    public void Compute_WhenTheBakeryHoldsLess_ThenVarianceIsBakeryMinusJde()
    {
        var row = Compute([Flour(97.5m)], [Held(60001, "B_FLOUR", 100m)]).Rows.Single();

        row.Status.Should().Be(ReconciliationStatus.Variance);
        row.Variance.Should().Be(-2.5m);
        row.VariancePercent.Should().Be(-2.5m);
    }

    [Theory]
    [InlineData("100.001", "Match")]
    [InlineData("100.0011", "Variance")]
    [InlineData("99.999", "Match")]
    public void Compute_WhenTheVarianceIsAtTheAbsoluteTolerance_ThenItStillMatches(string bakery, string expected)
    {
        var row = Compute([Flour(decimal.Parse(bakery, System.Globalization.CultureInfo.InvariantCulture))], [Held(60001, "B_FLOUR", 100m)]).Rows.Single();

        ReconciliationCodes.Of(row.Status).Should().Be(expected);
    }

    [Fact]
    public void Compute_WhenAUnitHasItsOwnToleranceOrARelativeOneIsSet_ThenThoseApply()
    {
        var perUnit = new ReconciliationToleranceOptions { PerUnit = { ["KG"] = 0.5m } };
        Compute([Flour(99.5m)], [Held(60001, "B_FLOUR", 100m)], tolerance: perUnit).Rows.Single().Status.Should().Be(ReconciliationStatus.Match);
        Compute([Flour(99.4m)], [Held(60001, "B_FLOUR", 100m)], tolerance: perUnit).Rows.Single().Status.Should().Be(ReconciliationStatus.Variance);

        var relative = new ReconciliationToleranceOptions { Absolute = 0m, RelativePercent = 1m };
        Compute([Flour(99m)], [Held(60001, "B_FLOUR", 100m)], tolerance: relative).Rows.Single().Status.Should().Be(ReconciliationStatus.Match);
        Compute([Flour(98.9m)], [Held(60001, "B_FLOUR", 100m)], tolerance: relative).Rows.Single().Status.Should().Be(ReconciliationStatus.Variance);
    }

    [Fact]
    public void Compute_WhenJdeCountsCasesAndTheBakeryEggs_ThenJdeIsConvertedToTheProductsUnit()
    {
        var row = Compute([Eggs(720m)], [Held(60024, "B_EGGS", 2m, "CS")]).Rows.Single();

        row.Unit.Should().Be("EA");
        row.JdeQuantity.Should().Be(720m);
        row.Status.Should().Be(ReconciliationStatus.Match);
    }

    [Fact]
    public void Compute_WhenJdesUnitDoesNotConvert_ThenTheLineSaysWhyInsteadOfAFigure()
    {
        var row = Compute([Flour()], [Held(60001, "B_FLOUR", 2m, "EA")]).Rows.Single();

        row.Status.Should().Be(ReconciliationStatus.Variance);
        row.JdeQuantity.Should().BeNull();
        row.Note.Should().Contain("EA").And.Contain("KG");
    }

    [Fact]
    public void Compute_WhenJdeRowsWaitInTheQuarantine_ThenTheyAreShownApartAndNotCountedAsVariance()
    {
        var row = Compute([Flour(100m)], [Held(60001, "B_FLOUR", 110m)], inFlight: [Held(60001, "B_FLOUR", 10m)]).Rows.Single();

        row.JdeInFlight.Should().Be(10m);
        row.Variance.Should().Be(0m);
        row.Status.Should().Be(ReconciliationStatus.Match);
    }

    [Fact]
    public void Compute_WhenJdeHoldsAnItemNoProductIsLinkedTo_ThenMissingInBakery()
    {
        var row = Compute([], [Held(60099, "B_SALT", 5m)]).Rows.Single();

        row.Status.Should().Be(ReconciliationStatus.MissingInBakery);
        row.ProductId.Should().BeNull();
        row.JdeQuantity.Should().Be(5m);
    }

    [Fact]
    public void Compute_WhenTheBakeryHoldsStockOfAnItemJdeDoesNotHold_ThenMissingInJde()
    {
        Compute([Flour(3m)], [], ledger: []).Rows.Single().Status.Should().Be(ReconciliationStatus.MissingInJde);
    }

    [Fact]
    public void Compute_WhenAProductHasNoJdeItem_ThenUnmapped()
    {
        var product = Flour(4m);
        product.JdeShortItemNumber = null;
        product.JdeSecondItemNumber = null;

        Compute([product], []).Rows.Single().Status.Should().Be(ReconciliationStatus.Unmapped);
    }

    [Fact]
    public void Compute_WhenJdeTracksLots_ThenEachLotIsALineAndALotWithoutABatchIsMissingInBakery()
    {
        var flour = Flour(30m);
        var rows = Compute([flour], [Held(60001, "B_FLOUR", 20m, lot: "L1"), Held(60001, "B_FLOUR", 10m, lot: "L2")],
            batches: [new BatchStock("flour", "L1", 20m), new BatchStock("flour", "L3", 10m)]).Rows;

        rows.Should().OnlyContain(r => r.Level == ReconciliationLevel.Lot);
        rows.Single(r => r.Lot == "L1").Status.Should().Be(ReconciliationStatus.Match);
        rows.Single(r => r.Lot == "L2").Status.Should().Be(ReconciliationStatus.MissingInBakery);
        rows.Single(r => r.Lot == "L3").Status.Should().Be(ReconciliationStatus.MissingInJde);
    }

    [Fact]
    public void Compute_WhenOnlyTheBakeryHasBatchesOfAProductThatIsNotLotControlled_ThenItIsComparedAtItemLevel()
    {
        var row = Compute([Flour(30m)], [Held(60001, "B_FLOUR", 30m)], batches: [new BatchStock("flour", "RCV-1", 30m)]).Rows.Single();

        row.Level.Should().Be(ReconciliationLevel.Item);
        row.Status.Should().Be(ReconciliationStatus.Match);
    }

    [Fact]
    public void Compute_WhenTheMirroredLedgerNoLongerExplainsTheBalance_ThenLedgerDrift()
    {
        var first = Compute([Flour(100m)], [Held(60001, "B_FLOUR", 100m)], ledger: [Held(60001, "B_FLOUR", 40m)]);
        var opening = first.NewOpenings.Should().ContainSingle().Subject;
        opening.Quantity.Should().Be(60m, "the history before the mirror's first row");
        first.Rows.Single().LedgerDrift.Should().BeFalse();

        var later = Compute([Flour(100m)], [Held(60001, "B_FLOUR", 100m)], ledger: [Held(60001, "B_FLOUR", 30m)], openings: [opening]);

        later.NewOpenings.Should().BeEmpty();
        later.Rows.Single().LedgerDrift.Should().BeTrue();
        later.Rows.Single().LedgerQuantity.Should().Be(90m);
    }

    [Fact]
    public void Compute_WhenTheAisHasNoBalanceOrchestration_ThenTheLedgerSumIsJdesSideAndThereIsNoDriftCheck()
    {
        var row = Compute([Flour(40m)], [], ledger: [Held(60001, "B_FLOUR", 40m)], source: BalanceSource.Ledger).Rows.Single();

        row.JdeQuantity.Should().Be(40m);
        row.Status.Should().Be(ReconciliationStatus.Match);
        row.LedgerQuantity.Should().BeNull();
    }
}
