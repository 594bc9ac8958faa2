namespace BakeryOps.Domain.Reconciliation;

/// <summary>Where JD Edwards' side of a reconciliation comes from.</summary>
public enum BalanceSource
{
    /// <summary>JD Edwards' balance of record (F41021 PQOH, the <c>JDE_ITEM_BALANCE</c> orchestration).</summary>
    ItemBalance,

    /// <summary>
    /// The sum of the mirrored ledger, for an AIS without a balance orchestration: it only counts what the mirror
    /// holds, so it is JD Edwards' stock only when the mirror reaches back to the item's first movement.
    /// </summary>
    Ledger,
}
