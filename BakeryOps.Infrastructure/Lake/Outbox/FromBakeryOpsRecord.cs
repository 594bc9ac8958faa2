using BakeryOps.Domain.Dispatch;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// A row of <c>from_bakery_ops</c>: one posting JD Edwards accepted (answered with a document, or found by read-back),
/// as it was posted. Written when the posting becomes posted; its confirmation by the cardex sync is not a new row.
/// </summary>
public sealed record FromBakeryOpsRecord(
    string DispatchKey,
    string FacilityId,
    string MovementId,
    string MovementType,
    string ProductId,
    string ProductName,
    string ItemNumber,
    int? ShortItemNumber,
    string BranchPlant,
    string DocumentType,
    string Lot,
    decimal Quantity,
    string Unit,
    decimal InventoryQuantity,
    string InventoryUnit,
    DateOnly MovementDate,
    DateTimeOffset MovedAt,
    long? DocumentNumber,
    string? DocumentCompany,
    DateTimeOffset? PostedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    int Attempts,
    string Explanation)
{
    public const string Dataset = "from_bakery_ops";

    /// <summary>The dataset's columns, in the order and with the types of its first schema version.</summary>
    public static LakeTable<FromBakeryOpsRecord> Table { get; } = new LakeTable<FromBakeryOpsRecord>(Dataset)
        .String("dispatch_key", r => r.DispatchKey, nullable: false)
        .String("facility_id", r => r.FacilityId, nullable: false)
        .String("movement_id", r => r.MovementId, nullable: false)
        .String("movement_type", r => r.MovementType, nullable: false)
        .String("product_id", r => r.ProductId, nullable: false)
        .String("product_name", r => r.ProductName, nullable: false)
        .String("item_number", r => r.ItemNumber, nullable: false)
        .Int32("short_item_number", r => r.ShortItemNumber)
        .String("branch_plant", r => r.BranchPlant, nullable: false)
        .String("document_type", r => r.DocumentType, nullable: false)
        .String("lot", r => r.Lot, nullable: false)
        .Decimal("quantity", 18, 6, r => r.Quantity)
        .String("unit", r => r.Unit, nullable: false)
        .Decimal("inventory_quantity", 18, 6, r => r.InventoryQuantity)
        .String("inventory_unit", r => r.InventoryUnit, nullable: false)
        .Date("movement_date", r => r.MovementDate)
        .Timestamp("moved_at", r => r.MovedAt)
        .Int64("document_number", r => r.DocumentNumber)
        .String("document_company", r => r.DocumentCompany)
        .Timestamp("posted_at", r => r.PostedAt)
        .String("approved_by", r => r.ApprovedBy)
        .Timestamp("approved_at", r => r.ApprovedAt)
        .Int32("attempts", r => r.Attempts)
        .String("explanation", r => r.Explanation, nullable: false);

    public static FromBakeryOpsRecord Of(JdeDispatch dispatch) => new(
        dispatch.Key, dispatch.FacilityId, dispatch.MovementId, dispatch.MovementType, dispatch.ProductId, dispatch.ProductName,
        dispatch.ItemNumber, dispatch.ShortItemNumber, dispatch.BranchPlant, dispatch.DocumentType, dispatch.Lot, dispatch.Quantity,
        dispatch.Unit, dispatch.InventoryQuantity, dispatch.InventoryUnit, dispatch.MovementDate, dispatch.MovedAt, dispatch.DocumentNumber,
        dispatch.DocumentCompany, dispatch.PostedAt, dispatch.ApprovedBy, dispatch.ApprovedAt, dispatch.Attempts, dispatch.Explanation);
}
