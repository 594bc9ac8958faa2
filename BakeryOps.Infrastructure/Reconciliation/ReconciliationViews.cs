using System.Text.Json.Serialization;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// A line of <c>/data/joined_df3</c>: the earlier system's names where it had them (ITM, LITM, MCU, productName,
/// jde_quantity, bakery_ops_quantity, status, lot_number), the correct figures beside them.
/// </summary>
public sealed record ReconciliationRowView(
    [property: JsonPropertyName("ITM")] int? ShortItemNumber,
    [property: JsonPropertyName("LITM")] string? SecondItemNumber,
    [property: JsonPropertyName("MCU")] string? BusinessUnit,
    [property: JsonPropertyName("productId")] string? ProductId,
    [property: JsonPropertyName("productName")] string ProductName,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("lot_number")] string Lot,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("jde_quantity")] decimal? JdeQuantity,
    [property: JsonPropertyName("bakery_ops_quantity")] decimal? BakeryQuantity,
    [property: JsonPropertyName("jde_in_flight")] decimal JdeInFlight,
    [property: JsonPropertyName("bakery_in_flight")] decimal BakeryInFlight,
    [property: JsonPropertyName("variance")] decimal? Variance,
    [property: JsonPropertyName("variance_percent")] decimal? VariancePercent,
    [property: JsonPropertyName("ledger_quantity")] decimal? LedgerQuantity,
    [property: JsonPropertyName("ledger_drift")] bool LedgerDrift,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("last_sync")] DateTimeOffset? LastSync)
{
    public static ReconciliationRowView From(ReconciliationRow row, DateTimeOffset? lastSync) => new(
        row.ShortItemNumber, row.SecondItemNumber, row.BusinessUnit, row.ProductId, row.ProductName, row.Category, ReconciliationCodes.Of(row.Level),
        row.Lot, row.Unit, row.JdeQuantity, row.BakeryQuantity, row.JdeInFlight, row.BakeryInFlight, row.Variance, row.VariancePercent,
        row.LedgerQuantity, row.LedgerDrift, ReconciliationCodes.Of(row.Status), row.Note, lastSync);
}

/// <summary>Filters of a reconciliation: status (word or name), product category, text in the name or item numbers, lots or items only.</summary>
public sealed record ReconciliationQuery(string? Status = null, string? Category = null, string? Search = null, bool Lots = true);

/// <summary>
/// A facility's reconciliation as of now: JD Edwards' side as last pulled, the bakery's side live. Totals count every
/// line of the facility by status (and the lines with ledger drift), whatever the filter.
/// </summary>
public sealed record ReconciliationReport(
    string FacilityId,
    BalanceSource Source,
    DateTimeOffset? BalancePulledAt,
    DateTimeOffset? LastSyncAt,
    DateTimeOffset ComputedAt,
    IReadOnlyList<ReconciliationRowView> Rows,
    IReadOnlyDictionary<string, int> Totals,
    int LedgerDrifts);

/// <summary>One product (or lot) in one stored snapshot.</summary>
public sealed record ReconciliationHistoryPoint(
    Guid RunId, DateTimeOffset ComputedAt, string Lot, string Unit, decimal? JdeQuantity, decimal? BakeryQuantity, decimal? Variance, string Status,
    bool LedgerDrift);

/// <summary>A product's snapshots over time, and the cardex runs in that time (to mark them on a chart).</summary>
public sealed record ReconciliationHistory(string FacilityId, string ProductId, IReadOnlyList<ReconciliationHistoryPoint> Points, IReadOnlyList<SyncRunView> SyncRuns);

/// <summary>A mirrored JD Edwards ledger row behind a figure.</summary>
public sealed record LedgerRowView(
    long Ukid, int ShortItemNumber, string Lot, string Location, string DocumentType, long DocumentNumber, DateOnly TransactionDate,
    DateTimeOffset WrittenAt, decimal Quantity, string Unit, string Explanation, string Outcome, Guid RunId, string? MovementId);

/// <summary>What lies behind one reconciliation line: the newest ledger rows and the runs that mirrored them, and the newest movements.</summary>
public sealed record ReconciliationDrillDown(
    IReadOnlyList<LedgerRowView> LedgerRows, int LedgerRowCount, IReadOnlyList<SyncRunView> SyncRuns, IReadOnlyList<MovementView> Movements, int MovementCount);
