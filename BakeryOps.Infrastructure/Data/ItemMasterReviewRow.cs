using System.Text.Json.Serialization;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Sync;

namespace BakeryOps.Infrastructure.Data;

/// <summary>
/// A row of <c>/data/jde_item_master_review</c>: one difference of the item master review, flat. The JD Edwards side
/// carries the item master's column names (<c>F4102_ITM</c>, <c>F4102_LITM</c>, <c>F4101_DSC1</c> …) as the facility's
/// last pull mirrored them; the bakery side the product's. <c>change</c> is new, changed or gone; a row that cannot be
/// applied until something is fixed is <c>blocked</c>, with the reason.
/// </summary>
public sealed record ItemMasterReviewRow(
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("change")] string Change,
    [property: JsonPropertyName("blocked")] bool Blocked,
    [property: JsonPropertyName("blockedReason")] string? BlockedReason,
    [property: JsonPropertyName("changedAttributes")] string ChangedAttributes,
    [property: JsonPropertyName("F4102_ITM")] int? ShortItemNumber,
    [property: JsonPropertyName("F4102_LITM")] string? SecondItemNumber,
    [property: JsonPropertyName("F4102_AITM")] string? ThirdItemNumber,
    [property: JsonPropertyName("F4102_MCU")] string? BusinessUnit,
    [property: JsonPropertyName("F4101_DSC1")] string? Description,
    [property: JsonPropertyName("F4101_DSC2")] string? Description2,
    [property: JsonPropertyName("F4101_UOM1")] string? PrimaryUnit,
    [property: JsonPropertyName("F4102_STKT")] string? StockingType,
    [property: JsonPropertyName("F4102_GLPT")] string? GlClass,
    [property: JsonPropertyName("F4102_SRCE")] string? LotProcessType,
    [property: JsonPropertyName("F4101_SLD")] int? ShelfLifeDays,
    [property: JsonPropertyName("F4101_UPMJ")] DateOnly? UpdatedDate,
    [property: JsonPropertyName("jdeMissingSince")] DateTimeOffset? JdeMissingSince,
    [property: JsonPropertyName("exists_in_bakery_ops")] bool ExistsInBakeryOps,
    [property: JsonPropertyName("product_id")] string? ProductId,
    [property: JsonPropertyName("productName")] string? ProductName,
    [property: JsonPropertyName("productDescription")] string? ProductDescription,
    [property: JsonPropertyName("inventoryUnit")] string? InventoryUnit,
    [property: JsonPropertyName("stockingType")] string? ProductStockingType,
    [property: JsonPropertyName("glClass")] string? ProductGlClass,
    [property: JsonPropertyName("lotControlled")] bool? ProductLotControlled,
    [property: JsonPropertyName("shelfLifeDays")] int? ProductShelfLifeDays,
    [property: JsonPropertyName("archived")] bool? ProductArchived)
{
    /// <param name="difference">The review row.</param>
    /// <param name="entry">The mirrored JD Edwards row (for a gone item, as last seen), if the mirror has one.</param>
    /// <param name="product">The product linked to the item; null for a new item.</param>
    public static ItemMasterReviewRow From(ItemMasterDifference difference, JdeItemMasterEntry? entry, Product? product) => new(
        difference.Item,
        ItemMasterDifferenceView.Code(difference.Change),
        difference.BlockedReason is not null,
        difference.BlockedReason,
        // A new item lists every attribute (there is nothing to differ from); only a changed one names what differs.
        difference.Change == ItemMasterChange.Changed ? string.Join(", ", difference.Attributes.Select(a => a.Attribute)) : "",
        entry?.ShortItemNumber ?? difference.ShortItemNumber,
        entry?.SecondItemNumber ?? product?.JdeSecondItemNumber,
        entry?.ThirdItemNumber,
        entry?.BusinessUnit ?? product?.JdeBranchPlant,
        entry?.Description,
        entry?.Description2,
        entry?.PrimaryUnit,
        entry?.StockingType,
        entry?.GlClass,
        entry?.LotProcessType,
        entry?.ShelfLifeDays,
        entry?.UpdatedDate,
        entry?.MissingSince,
        product is not null,
        product?.Id,
        product?.ProductName,
        product?.Description,
        product?.InventoryUnit,
        product?.StockingType,
        product?.GlClass,
        product?.LotControlled,
        product?.ShelfLifeDays,
        product?.Archived);
}
