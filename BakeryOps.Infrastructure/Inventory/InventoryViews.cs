using System.Text.Json.Serialization;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>A product in the seed's JSON shape (<c>_id</c>, <c>facility_id</c>, <c>onHand {amount, batches}</c>, ...).</summary>
public sealed record ProductView(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("facility_id")] string FacilityId,
    [property: JsonPropertyName("productName")] string ProductName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("productCategory")] string ProductCategory,
    [property: JsonPropertyName("inventoryUnit")] string InventoryUnit,
    [property: JsonPropertyName("onHand")] OnHandView OnHand,
    [property: JsonPropertyName("archived")] bool Archived,
    [property: JsonPropertyName("jde")] JdeLinkView Jde,
    [property: JsonPropertyName("unitConversions")] IReadOnlyList<UnitConversionView> UnitConversions,
    [property: JsonPropertyName("stockingType")] string? StockingType,
    [property: JsonPropertyName("glClass")] string? GlClass,
    [property: JsonPropertyName("lotControlled")] bool LotControlled,
    [property: JsonPropertyName("shelfLifeDays")] int? ShelfLifeDays,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static ProductView From(Product product, IReadOnlyList<Batch>? batches) => new(
        product.Id,
        product.FacilityId,
        product.ProductName,
        product.Description,
        product.ProductCategory,
        product.InventoryUnit,
        new OnHandView(product.OnHand, product.InventoryUnit, product.IsBelowZero,
            (batches ?? []).Select(b => BatchView.From(b, product.InventoryUnit)).ToList()),
        product.Archived,
        new JdeLinkView(product.JdeShortItemNumber, product.JdeSecondItemNumber, product.JdeBranchPlant),
        UnitConversionView.From(product.Conversions),
        product.StockingType,
        product.GlClass,
        product.LotControlled,
        product.ShelfLifeDays,
        product.Version,
        product.CreatedAt,
        product.UpdatedAt);

    /// <summary>The same product with its batches (in the order given).</summary>
    public ProductView WithBatches(IReadOnlyList<Batch>? batches) =>
        this with { OnHand = OnHand with { Batches = (batches ?? []).Select(b => BatchView.From(b, InventoryUnit)).ToList() } };

    /// <summary>The writable fields as they are now: the base for a merge patch or an archive.</summary>
    public ProductInput ToInput() => new(
        ProductName, Description, ProductCategory, InventoryUnit, Archived,
        new JdeLinkInput(Jde.ShortItemNumber, Jde.SecondItemNumber, Jde.BranchPlant),
        UnitConversions.Select(c => new UnitConversionInput(c.Unit, c.Factor)).ToList(),
        StockingType ?? "", GlClass ?? "", LotControlled, ShelfLifeDays ?? 0);
}

public sealed record OnHandView(
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("belowZero")] bool BelowZero,
    [property: JsonPropertyName("batches")] IReadOnlyList<BatchView> Batches);

public sealed record BatchView(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("batchNumber")] string BatchNumber,
    [property: JsonPropertyName("lotNumber")] string? LotNumber,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("expiryDate")] DateOnly? ExpiryDate,
    [property: JsonPropertyName("vesselCode")] string? VesselCode)
{
    public static BatchView From(Batch batch, string unit) =>
        new(batch.Id, batch.BatchNumber, batch.LotNumber, batch.QuantityOnHand, unit, batch.ExpiryDate, batch.VesselCode);
}

public sealed record JdeLinkView(
    [property: JsonPropertyName("shortItemNumber")] int? ShortItemNumber,
    [property: JsonPropertyName("secondItemNumber")] string? SecondItemNumber,
    [property: JsonPropertyName("branchPlant")] string? BranchPlant);

public sealed record UnitConversionView(
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("factor")] decimal Factor)
{
    public static IReadOnlyList<UnitConversionView> From(List<ProductUnitConversion> conversions) =>
        conversions.ConvertAll(c => new UnitConversionView(c.Unit, c.Factor));
}

/// <summary>A movement in the seed's shape, plus its effect in the product's unit and where it came from.</summary>
public sealed record MovementView(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("facility_id")] string FacilityId,
    [property: JsonPropertyName("productId")] string ProductId,
    [property: JsonPropertyName("batchNumber")] string? BatchNumber,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("adjustmentType")] string AdjustmentType,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("adjustmentDate")] DateTimeOffset AdjustmentDate,
    [property: JsonPropertyName("vesselCode")] string? VesselCode,
    [property: JsonPropertyName("lotNumber")] string? LotNumber,
    [property: JsonPropertyName("inventoryQuantity")] decimal InventoryQuantity,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("jdeLedgerKey")] string? JdeLedgerKey,
    [property: JsonPropertyName("createdBy")] string CreatedBy,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("product"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MovementProductView? Product)
{
    public static MovementView From(Movement m, MovementProductView? product) => new(
        m.Id, m.FacilityId, m.ProductId, m.BatchNumber, m.Quantity, m.Unit, m.Type.Code(), m.Reason, m.AdjustmentDate,
        m.VesselCode, m.LotNumber, m.InventoryQuantity, SourceCode(m.Source), m.JdeLedgerKey, m.CreatedBy,
        m.CreatedAt, product);

    public static string SourceCode(MovementSource source) => source switch
    {
        MovementSource.Bakery => "BAKERY",
        MovementSource.Jde => "JDE",
        _ => source.ToString().ToUpperInvariant(),
    };
}

public sealed record MovementProductView(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("productName")] string ProductName,
    [property: JsonPropertyName("inventoryUnit")] string InventoryUnit,
    [property: JsonPropertyName("productCategory")] string ProductCategory);
