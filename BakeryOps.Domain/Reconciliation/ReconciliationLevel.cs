namespace BakeryOps.Domain.Reconciliation;

/// <summary>
/// Lot level where either side tracks lots for the item (JD Edwards balance rows with a lot, or bakery batches),
/// item level otherwise.
/// </summary>
public enum ReconciliationLevel
{
    Item,
    Lot,
}
