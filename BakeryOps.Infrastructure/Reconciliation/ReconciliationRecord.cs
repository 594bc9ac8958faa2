using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>A row of the <c>reconciliation</c> dataset: one line of a stored snapshot, with when it was computed.</summary>
public sealed record ReconciliationRecord(ReconciliationRow Row, DateTimeOffset ComputedAt, string BalanceSource)
{
    public const string Dataset = "reconciliation";

    public static LakeTable<ReconciliationRecord> Table { get; } = new LakeTable<ReconciliationRecord>(Dataset)
        .String("run_id", r => r.Row.RunId.ToString(), nullable: false)
        .Timestamp("computed_at", r => r.ComputedAt)
        .String("facility_id", r => r.Row.FacilityId, nullable: false)
        .Int32("line", r => r.Row.Line)
        .String("balance_source", r => r.BalanceSource, nullable: false)
        .String("product_id", r => r.Row.ProductId)
        .String("product_name", r => r.Row.ProductName, nullable: false)
        .String("category", r => r.Row.Category)
        .Int32("short_item_number", r => r.Row.ShortItemNumber)
        .String("second_item_number", r => r.Row.SecondItemNumber)
        .String("business_unit", r => r.Row.BusinessUnit)
        .String("level", r => ReconciliationCodes.Of(r.Row.Level), nullable: false)
        .String("lot", r => r.Row.Lot, nullable: false)
        .String("unit", r => r.Row.Unit, nullable: false)
        .Decimal("jde_quantity", 18, 6, r => r.Row.JdeQuantity)
        .Decimal("bakery_quantity", 18, 6, r => r.Row.BakeryQuantity)
        .Decimal("jde_in_flight", 18, 6, r => r.Row.JdeInFlight)
        .Decimal("bakery_in_flight", 18, 6, r => r.Row.BakeryInFlight)
        .Decimal("variance", 18, 6, r => r.Row.Variance)
        .Decimal("variance_percent", 18, 2, r => r.Row.VariancePercent)
        .Decimal("ledger_quantity", 18, 6, r => r.Row.LedgerQuantity)
        .Boolean("ledger_drift", r => r.Row.LedgerDrift)
        .String("status", r => ReconciliationCodes.Of(r.Row.Status), nullable: false)
        .String("note", r => r.Row.Note);
}
