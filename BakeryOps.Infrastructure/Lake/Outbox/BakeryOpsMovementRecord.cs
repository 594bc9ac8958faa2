using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>A row of <c>bakery_ops_movements</c>: one movement as it was recorded.</summary>
public sealed record BakeryOpsMovementRecord(
    string MovementId,
    string FacilityId,
    string ProductId,
    string? BatchNumber,
    string? LotNumber,
    string? VesselCode,
    decimal Quantity,
    string Unit,
    decimal InventoryQuantity,
    string MovementType,
    string? Reason,
    DateTimeOffset AdjustmentDate,
    string Source,
    string? JdeLedgerKey,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public const string Dataset = "bakery_ops_movements";

    /// <summary>The dataset's columns, in the order and with the types of its first schema version.</summary>
    public static LakeTable<BakeryOpsMovementRecord> Table { get; } = new LakeTable<BakeryOpsMovementRecord>(Dataset)
        .String("movement_id", r => r.MovementId, nullable: false)
        .String("facility_id", r => r.FacilityId, nullable: false)
        .String("product_id", r => r.ProductId, nullable: false)
        .String("batch_number", r => r.BatchNumber)
        .String("lot_number", r => r.LotNumber)
        .String("vessel_code", r => r.VesselCode)
        .Decimal("quantity", 18, 6, r => r.Quantity)
        .String("unit", r => r.Unit, nullable: false)
        .Decimal("inventory_quantity", 18, 6, r => r.InventoryQuantity)
        .String("movement_type", r => r.MovementType, nullable: false)
        .String("reason", r => r.Reason)
        .Timestamp("adjustment_date", r => r.AdjustmentDate)
        .String("source", r => r.Source, nullable: false)
        .String("jde_ledger_key", r => r.JdeLedgerKey)
        .String("created_by", r => r.CreatedBy, nullable: false)
        .Timestamp("created_at", r => r.CreatedAt);

    public static BakeryOpsMovementRecord Of(Movement movement) => new(
        movement.Id, movement.FacilityId, movement.ProductId, movement.BatchNumber, movement.LotNumber, movement.VesselCode,
        movement.Quantity, movement.Unit, movement.InventoryQuantity, movement.Type.Code(), movement.Reason, movement.AdjustmentDate,
        movement.Source.ToString(), movement.JdeLedgerKey, movement.CreatedBy, movement.CreatedAt);
}
