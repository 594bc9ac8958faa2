using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>The JD Edwards → bakery sync, section <c>Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>
    /// JD Edwards document types (DCT, UDC 00/DT) and the movement each becomes; the sign always comes from TRQT.
    /// Configuration adds to these or changes them; an empty value unmaps a type, so its rows wait in the quarantine.
    /// </summary>
    public Dictionary<string, string> DocumentTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OV"] = "RECEIPT", // purchase order receipt
        ["IB"] = "RECEIPT", // balance forward when an item-branch is added
        ["II"] = "USAGE", // inventory issue
        ["IM"] = "USAGE", // material issue to a work order
        ["IS"] = "WASTE", // scrap issue (site-defined, common)
        ["IA"] = "ADJUSTMENT", // inventory adjustment
        ["IT"] = "TRANSFER", // transfer: a row out (−) and a row in (+)
        ["PI"] = "ADJUSTMENT", // physical inventory / cycle count update
        ["IC"] = "ADJUSTMENT", // work order completion at most sites, a count at some: signed either way
    };

    /// <summary>Days read again before the cursor on every pull, so rows committed late are not missed.</summary>
    public int OverlapDays { get; set; } = 2;

    /// <summary>How far before the facility's link a first pull reads, to mirror the history as baseline.</summary>
    public int BaselineDays { get; set; } = 400;

    /// <summary>The first date a full-history bootstrap reads from.</summary>
    public DateOnly HistoryStart { get; set; } = new(2000, 1, 1);

    /// <summary>
    /// Ledger rows committed together (one window: one transaction, three binary COPYs on PostgreSQL); a stopped run
    /// resumes after its last committed window. Smaller windows cost more round trips per row (docs/benchmarks.md).
    /// </summary>
    public int BatchRows { get; set; } = 5000;

    /// <summary>
    /// How long a run's lease on its facility lasts without renewal (renewed every third of it while the run goes on):
    /// the wait before another node may take over from a node that died.
    /// </summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>The movement type for a document type, or null when it is not mapped.</summary>
    public MovementType? MovementTypeFor(string documentType) =>
        DocumentTypes.TryGetValue(documentType.Trim(), out var code) && MovementTypes.TryParse(code, out var type) ? type : null;

    public IEnumerable<string> Validate()
    {
        foreach (var (documentType, code) in DocumentTypes)
        {
            if (documentType.Trim().Length is 0 or > 2)
            {
                yield return $"Sync:DocumentTypes: '{documentType}' is not a JD Edwards document type (two characters, such as OV).";
            }
            else if (!string.IsNullOrEmpty(code) && !MovementTypes.TryParse(code, out _))
            {
                yield return $"Sync:DocumentTypes:{documentType} must be one of RECEIPT, USAGE, ADJUSTMENT, WASTE, TRANSFER, or empty (found '{code}').";
            }
        }

        if (OverlapDays is < 0 or > 60)
        {
            yield return "Sync:OverlapDays must be from 0 to 60.";
        }

        if (BaselineDays is < 0 or > 3660)
        {
            yield return "Sync:BaselineDays must be from 0 to 3660.";
        }

        if (LeaseSeconds is < 3 or > 3600)
        {
            yield return "Sync:LeaseSeconds must be from 3 to 3600.";
        }

        if (BatchRows is < 1 or > 100_000)
        {
            yield return "Sync:BatchRows must be from 1 to 100000.";
        }
    }
}
