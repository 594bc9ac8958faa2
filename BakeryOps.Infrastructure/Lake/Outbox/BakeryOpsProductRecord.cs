using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// A row of <c>bakery_ops_products</c>: a product as it stood after a change. <see cref="Change"/> is
/// <see cref="Created"/>, <see cref="Updated"/> or <see cref="Stock"/> (on-hand moved by a movement).
/// </summary>
public sealed record BakeryOpsProductRecord(
    string ProductId,
    string FacilityId,
    string Change,
    DateTimeOffset ChangedAt,
    string ProductName,
    string Description,
    string ProductCategory,
    string InventoryUnit,
    bool Archived,
    int? JdeShortItemNumber,
    string? JdeSecondItemNumber,
    string? JdeBranchPlant,
    decimal OnHand,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? StockingType = null,
    string? GlClass = null,
    bool? LotControlled = null,
    int? ShelfLifeDays = null)
{
    public const string Dataset = "bakery_ops_products";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Stock = "stock";

    /// <summary>
    /// The dataset's columns: those of its first schema version, in their order and with their types (quantities are
    /// numeric(18,6) in the database), then the item master attributes of version 2 (decision 0028), nullable, so
    /// version 2 reads every file of version 1 and a row queued before them reads back with them empty.
    /// </summary>
    public static LakeTable<BakeryOpsProductRecord> Table { get; } = new LakeTable<BakeryOpsProductRecord>(Dataset)
        .String("product_id", r => r.ProductId, nullable: false)
        .String("facility_id", r => r.FacilityId, nullable: false)
        .String("change", r => r.Change, nullable: false)
        .Timestamp("changed_at", r => r.ChangedAt)
        .String("product_name", r => r.ProductName, nullable: false)
        .String("description", r => r.Description, nullable: false)
        .String("product_category", r => r.ProductCategory, nullable: false)
        .String("inventory_unit", r => r.InventoryUnit, nullable: false)
        .Boolean("archived", r => r.Archived)
        .Int32("jde_short_item_number", r => r.JdeShortItemNumber)
        .String("jde_second_item_number", r => r.JdeSecondItemNumber)
        .String("jde_branch_plant", r => r.JdeBranchPlant)
        .Decimal("on_hand", 18, 6, r => r.OnHand)
        .Int32("version", r => r.Version)
        .Timestamp("created_at", r => r.CreatedAt)
        .Timestamp("updated_at", r => r.UpdatedAt)
        .String("stocking_type", r => r.StockingType)
        .String("gl_class", r => r.GlClass)
        .Boolean("lot_controlled", r => r.LotControlled)
        .Int32("shelf_life_days", r => r.ShelfLifeDays);

    public static BakeryOpsProductRecord Of(Product product, string change, DateTimeOffset changedAt) => new(
        product.Id, product.FacilityId, change, changedAt, product.ProductName, product.Description, product.ProductCategory,
        product.InventoryUnit, product.Archived, product.JdeShortItemNumber, product.JdeSecondItemNumber, product.JdeBranchPlant,
        product.OnHand, product.Version, product.CreatedAt, product.UpdatedAt, product.StockingType, product.GlClass, product.LotControlled,
        product.ShelfLifeDays);
}
