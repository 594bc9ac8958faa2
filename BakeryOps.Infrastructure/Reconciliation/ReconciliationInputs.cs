using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>JD Edwards quantities of one item, lot and unit, summed in SQL (over locations, or over ledger rows).</summary>
internal sealed record JdeQuantity(int ShortItemNumber, string SecondItemNumber, string Lot, string Unit, decimal Quantity, int Rows);

/// <summary>
/// Bakery movements of a product and lot (batch number; empty without one) not yet in JD Edwards' figure: postings
/// pending, approved, being sent, or posted after the balance was read.
/// </summary>
internal sealed record BakeryQuantity(string ProductId, string Lot, decimal Quantity);

/// <summary>A bakery batch's on-hand.</summary>
internal sealed record BatchStock(string ProductId, string BatchNumber, decimal Quantity);

/// <summary>
/// Everything a reconciliation of one facility compares, read by grouped queries: JD Edwards' balance per item, lot and
/// unit, the mirrored ledger's sums, the ledger openings, the rows waiting in the quarantine, and the bakery's products
/// and batches. <see cref="ItemNames"/> names JD Edwards items that have no product (from the item master mirror).
/// </summary>
internal sealed record ReconciliationInputs(
    Facility Facility,
    BalanceSource Source,
    IReadOnlyList<Product> Products,
    IReadOnlyList<BatchStock> Batches,
    IReadOnlyList<JdeQuantity> Balance,
    IReadOnlyList<JdeQuantity> Ledger,
    IReadOnlyList<LedgerOpening> Openings,
    IReadOnlyList<JdeQuantity> JdeInFlight,
    IReadOnlyDictionary<int, string> ItemNames,
    IReadOnlyList<BakeryQuantity> BakeryInFlight);

/// <summary>The rows of a reconciliation, and the ledger openings first seen by it (to keep when it is stored).</summary>
internal sealed record ReconciliationResult(IReadOnlyList<ReconciliationRow> Rows, IReadOnlyList<LedgerOpening> NewOpenings);
