using System.Globalization;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Data;

/// <summary>
/// A row of <c>/data/df_bakery_ops_expanded</c>: one batch of a product with the product's fields and JD Edwards link
/// beside it (a product without batches has one row with the batch fields empty). Names follow the seed's product
/// (<c>productName</c>, <c>onHand.amount</c> flattened as <c>onHand_amount</c>) and JD Edwards' columns for the item.
/// </summary>
public sealed record ExpandedProductRow(
    [property: JsonPropertyName("product_id")] string ProductId,
    [property: JsonPropertyName("facility_id")] string FacilityId,
    [property: JsonPropertyName("productName")] string ProductName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("productCategory")] string ProductCategory,
    [property: JsonPropertyName("inventoryUnit")] string InventoryUnit,
    [property: JsonPropertyName("onHand_amount")] decimal OnHandAmount,
    [property: JsonPropertyName("archived")] bool Archived,
    [property: JsonPropertyName("F4102_ITM")] int? ShortItemNumber,
    [property: JsonPropertyName("F4102_LITM")] string? SecondItemNumber,
    [property: JsonPropertyName("F4102_MCU")] string? BranchPlant,
    [property: JsonPropertyName("stockingType")] string? StockingType,
    [property: JsonPropertyName("glClass")] string? GlClass,
    [property: JsonPropertyName("lotControlled")] bool LotControlled,
    [property: JsonPropertyName("shelfLifeDays")] int? ShelfLifeDays,
    [property: JsonPropertyName("unitConversions")] string UnitConversions,
    [property: JsonPropertyName("batch_id")] string? BatchId,
    [property: JsonPropertyName("batchNumber")] string? BatchNumber,
    [property: JsonPropertyName("lotNumber")] string? LotNumber,
    [property: JsonPropertyName("batch_quantity")] decimal? BatchQuantity,
    [property: JsonPropertyName("expiryDate")] DateOnly? ExpiryDate,
    [property: JsonPropertyName("vesselCode")] string? VesselCode,
    [property: JsonPropertyName("batch_created_at")] DateTimeOffset? BatchCreatedAt,
    [property: JsonPropertyName("batch_updated_at")] DateTimeOffset? BatchUpdatedAt)
{
    public static ExpandedProductRow From(Product product, Batch? batch) => new(
        product.Id, product.FacilityId, product.ProductName, product.Description, product.ProductCategory, product.InventoryUnit,
        product.OnHand, product.Archived, product.JdeShortItemNumber, product.JdeSecondItemNumber, product.JdeBranchPlant,
        product.StockingType, product.GlClass, product.LotControlled, product.ShelfLifeDays, Describe(product),
        batch?.Id, batch?.BatchNumber, batch?.LotNumber, batch?.QuantityOnHand, batch?.ExpiryDate, batch?.VesselCode,
        batch?.CreatedAt, batch?.UpdatedAt);

    /// <summary>The conversions as a person reads them: <c>1 CS = 360 EA; 1 BG = 25 KG</c> (empty when there are none).</summary>
    public static string Describe(Product product) => string.Join("; ", product.Conversions.Select(c =>
        $"1 {c.Unit} = {c.Factor.ToString(CultureInfo.InvariantCulture)} {product.InventoryUnit}"));
}
