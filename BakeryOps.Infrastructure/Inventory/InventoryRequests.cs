using System.Text.Json.Serialization;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>
/// The writable fields of a product (POST and PUT; PATCH merges onto the current values first). The JD Edwards
/// attributes (stocking type, G/L class, lot control, shelf life) left out of a PUT keep their values, so a caller
/// that does not know them does not clear what the item master sync set; an empty string clears a text one, a shelf
/// life of 0 clears the shelf life.
/// </summary>
public sealed record ProductInput(
    [property: JsonPropertyName("productName")] string? ProductName,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("productCategory")] string? ProductCategory,
    [property: JsonPropertyName("inventoryUnit")] string? InventoryUnit,
    [property: JsonPropertyName("archived")] bool? Archived = null,
    [property: JsonPropertyName("jde")] JdeLinkInput? Jde = null,
    [property: JsonPropertyName("unitConversions")] IReadOnlyList<UnitConversionInput>? UnitConversions = null,
    [property: JsonPropertyName("stockingType")] string? StockingType = null,
    [property: JsonPropertyName("glClass")] string? GlClass = null,
    [property: JsonPropertyName("lotControlled")] bool? LotControlled = null,
    [property: JsonPropertyName("shelfLifeDays")] int? ShelfLifeDays = null);

public sealed record JdeLinkInput(
    [property: JsonPropertyName("shortItemNumber")] int? ShortItemNumber,
    [property: JsonPropertyName("secondItemNumber")] string? SecondItemNumber,
    [property: JsonPropertyName("branchPlant")] string? BranchPlant);

public sealed record UnitConversionInput(
    [property: JsonPropertyName("unit")] string? Unit,
    [property: JsonPropertyName("factor")] decimal? Factor);

/// <summary>One inventory adjustment in the seed's shape, plus the batch's expiry date.</summary>
public sealed record AdjustmentInput(
    [property: JsonPropertyName("productId")] string? ProductId,
    [property: JsonPropertyName("quantity")] decimal? Quantity,
    [property: JsonPropertyName("unit")] string? Unit,
    [property: JsonPropertyName("adjustmentType")] string? AdjustmentType = null,
    [property: JsonPropertyName("batchNumber")] string? BatchNumber = null,
    [property: JsonPropertyName("lotNumber")] string? LotNumber = null,
    [property: JsonPropertyName("vesselCode")] string? VesselCode = null,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("adjustmentDate")] DateTimeOffset? AdjustmentDate = null,
    [property: JsonPropertyName("expiryDate")] DateOnly? ExpiryDate = null);

public sealed record ProductQuery(
    bool? Archived = false,
    string? ProductCategory = null,
    string? Search = null,
    int Offset = 0,
    int Size = ProductQuery.DefaultSize,
    string? Sort = null,
    bool IncludeBatches = false)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;
}

public sealed record MovementQuery(
    IReadOnlyList<string>? MovementTypes = null,
    DateTimeOffset? StartDate = null,
    DateTimeOffset? EndDate = null,
    string? ProductId = null,
    bool IncludeProductDetails = false,
    bool Descending = false,
    int Offset = 0,
    int Size = ProductQuery.DefaultSize);
