using System.Text.Json.Serialization;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Data;

/// <summary>
/// A row of <c>/data/internal_bakery_ops_expanded</c>: one movement in the seed's shape (<c>_id</c>,
/// <c>adjustmentType</c>, <c>adjustmentDate</c> …) with its product's fields and JD Edwards keys beside it.
/// </summary>
public sealed record ExpandedMovementRow(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("facility_id")] string FacilityId,
    [property: JsonPropertyName("adjustmentDate")] DateTimeOffset AdjustmentDate,
    [property: JsonPropertyName("adjustmentType")] string AdjustmentType,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("inventoryQuantity")] decimal InventoryQuantity,
    [property: JsonPropertyName("batchNumber")] string? BatchNumber,
    [property: JsonPropertyName("lotNumber")] string? LotNumber,
    [property: JsonPropertyName("vesselCode")] string? VesselCode,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("F4111_UKID")] string? JdeLedgerKey,
    [property: JsonPropertyName("createdBy")] string CreatedBy,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("productId")] string ProductId,
    [property: JsonPropertyName("productName")] string ProductName,
    [property: JsonPropertyName("productCategory")] string ProductCategory,
    [property: JsonPropertyName("inventoryUnit")] string InventoryUnit,
    [property: JsonPropertyName("F4102_ITM")] int? ShortItemNumber,
    [property: JsonPropertyName("F4102_LITM")] string? SecondItemNumber,
    [property: JsonPropertyName("F4102_MCU")] string? BranchPlant)
{
    public static ExpandedMovementRow From(Movement m, Product p) => new(
        m.Id, m.FacilityId, m.AdjustmentDate, m.Type.Code(), m.Quantity, m.Unit, m.InventoryQuantity, m.BatchNumber, m.LotNumber,
        m.VesselCode, m.Reason, m.Source.ToString().ToUpperInvariant(), m.JdeLedgerKey, m.CreatedBy, m.CreatedAt,
        p.Id, p.ProductName, p.ProductCategory, p.InventoryUnit, p.JdeShortItemNumber, p.JdeSecondItemNumber, p.JdeBranchPlant);
}
