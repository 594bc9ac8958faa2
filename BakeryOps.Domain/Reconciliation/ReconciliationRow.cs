namespace BakeryOps.Domain.Reconciliation;

/// <summary>
/// One line of a reconciliation: a product (or JD Edwards item without a product) at item or lot level, both sides
/// in the product's inventory unit. Variance is bakery minus JD Edwards after the quantities in flight are set apart.
/// </summary>
public sealed class ReconciliationRow
{
    public const int MaxLotLength = 100;

    public Guid RunId { get; init; }
    public int Line { get; init; }
    public required string FacilityId { get; init; }
    public string? ProductId { get; init; }
    public required string ProductName { get; init; }
    public string? Category { get; init; }
    public int? ShortItemNumber { get; init; }
    public string? SecondItemNumber { get; init; }
    public string? BusinessUnit { get; init; }
    public ReconciliationLevel Level { get; init; }

    /// <summary>The lot (JD Edwards LOTN, the bakery's batch number); empty at item level and for stock without a lot.</summary>
    public required string Lot { get; init; }

    /// <summary>The unit both quantities are in: the product's inventory unit, or JD Edwards' unit without a product.</summary>
    public required string Unit { get; init; }

    public decimal? JdeQuantity { get; init; }
    public decimal? BakeryQuantity { get; init; }

    /// <summary>JD Edwards rows mirrored but not applied yet (in the quarantine): in JD Edwards' figure, not the bakery's.</summary>
    public decimal JdeInFlight { get; init; }

    /// <summary>Bakery movements waiting to be posted to JD Edwards: in the bakery's figure, not JD Edwards'.</summary>
    public decimal BakeryInFlight { get; init; }

    public decimal? Variance { get; init; }
    public decimal? VariancePercent { get; init; }

    /// <summary>The mirrored ledger's sum (with the item's opening) in the row's unit; null when nothing can be compared.</summary>
    public decimal? LedgerQuantity { get; init; }

    /// <summary>JD Edwards' balance and the mirrored ledger disagree: a sign of a ledger row the sync missed.</summary>
    public bool LedgerDrift { get; init; }

    public ReconciliationStatus Status { get; init; }

    /// <summary>Why a figure is missing or approximate, in words (a unit that does not convert, for example).</summary>
    public string? Note { get; init; }
}
