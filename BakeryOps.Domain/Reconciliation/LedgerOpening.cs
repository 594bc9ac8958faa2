namespace BakeryOps.Domain.Reconciliation;

/// <summary>
/// The part of JD Edwards' balance of an item and lot that the mirrored ledger does not explain when the item is
/// first reconciled: the history before the mirror's first row. The ledger cross-check counts it in, so a linked
/// facility whose mirror starts at its link is not reported as drifting; a facility bootstrapped from the full
/// history has openings of zero. Kept in JD Edwards' unit, as first seen.
/// </summary>
public sealed class LedgerOpening
{
    public required string FacilityId { get; init; }
    public int ShortItemNumber { get; init; }
    public required string Lot { get; init; }
    public required string Unit { get; init; }
    public decimal Quantity { get; init; }
    public DateTimeOffset CapturedAt { get; init; }
    public Guid RunId { get; init; }
}
