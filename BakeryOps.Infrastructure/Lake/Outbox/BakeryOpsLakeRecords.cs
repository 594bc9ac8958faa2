using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// The lake datasets of Bakery Operations changes: <c>bakery_ops_products</c> (a row per product created or changed)
/// and <c>bakery_ops_movements</c> (a row per movement). Their schemas are fixed here rather than inferred per batch,
/// so a batch whose quantities happen to have fewer digits never looks like a narrowing schema change.
/// </summary>
public static class BakeryOpsLakeRecords
{
    public const string Products = "bakery_ops_products";
    public const string Movements = "bakery_ops_movements";

    public static DatasetSchema ProductSchema { get; } = new(Products,
    [
        Text("product_id", false), Text("facility_id", false), Text("change", false), Timestamp("changed_at", false),
        Text("product_name", false), Text("description", false), Text("product_category", false), Text("inventory_unit", false),
        new SchemaField("archived", SchemaFieldType.Boolean, false),
        new SchemaField("jde_short_item_number", SchemaFieldType.Int32, true),
        Text("jde_second_item_number", true), Text("jde_branch_plant", true),
        Quantity("on_hand", false), new SchemaField("version", SchemaFieldType.Int32, false),
        Timestamp("created_at", false), Timestamp("updated_at", false),
    ]);

    public static DatasetSchema MovementSchema { get; } = new(Movements,
    [
        Text("movement_id", false), Text("facility_id", false), Text("product_id", false), Text("batch_number", true),
        Text("lot_number", true), Text("vessel_code", true), Quantity("quantity", false), Text("unit", false),
        Quantity("inventory_quantity", false), Text("movement_type", false), Text("reason", true),
        Timestamp("adjustment_date", false), Text("source", false), Text("jde_ledger_key", true), Text("created_by", false),
        Timestamp("created_at", false),
    ]);

    public static DatasetSchema SchemaOf(string dataset) => dataset switch
    {
        Products => ProductSchema,
        Movements => MovementSchema,
        _ => throw new ArgumentException($"{dataset} is not a Bakery Operations dataset.", nameof(dataset)),
    };

    /// <summary>The dataset as a lake table over records read back from the outbox, with its fixed schema.</summary>
    public static LakeTable<IReadOnlyDictionary<string, object?>> TableOf(string dataset)
    {
        var table = new LakeTable<IReadOnlyDictionary<string, object?>>(dataset);
        foreach (var field in SchemaOf(dataset).Fields)
        {
            table.Column(field, record => record.GetValueOrDefault(field.Name));
        }

        return table;
    }

    public static Dictionary<string, object?> Product(Product product, string change, DateTimeOffset changedAt) => new()
    {
        ["product_id"] = product.Id,
        ["facility_id"] = product.FacilityId,
        ["change"] = change,
        ["changed_at"] = changedAt,
        ["product_name"] = product.ProductName,
        ["description"] = product.Description,
        ["product_category"] = product.ProductCategory,
        ["inventory_unit"] = product.InventoryUnit,
        ["archived"] = product.Archived,
        ["jde_short_item_number"] = product.JdeShortItemNumber,
        ["jde_second_item_number"] = product.JdeSecondItemNumber,
        ["jde_branch_plant"] = product.JdeBranchPlant,
        ["on_hand"] = product.OnHand,
        ["version"] = product.Version,
        ["created_at"] = product.CreatedAt,
        ["updated_at"] = product.UpdatedAt,
    };

    public static Dictionary<string, object?> Movement(Movement movement) => new()
    {
        ["movement_id"] = movement.Id,
        ["facility_id"] = movement.FacilityId,
        ["product_id"] = movement.ProductId,
        ["batch_number"] = movement.BatchNumber,
        ["lot_number"] = movement.LotNumber,
        ["vessel_code"] = movement.VesselCode,
        ["quantity"] = movement.Quantity,
        ["unit"] = movement.Unit,
        ["inventory_quantity"] = movement.InventoryQuantity,
        ["movement_type"] = movement.Type.Code(),
        ["reason"] = movement.Reason,
        ["adjustment_date"] = movement.AdjustmentDate,
        ["source"] = movement.Source.ToString(),
        ["jde_ledger_key"] = movement.JdeLedgerKey,
        ["created_by"] = movement.CreatedBy,
        ["created_at"] = movement.CreatedAt,
    };

    private static SchemaField Text(string name, bool nullable) => new(name, SchemaFieldType.String, nullable);

    private static SchemaField Timestamp(string name, bool nullable) => new(name, SchemaFieldType.Timestamp, nullable);

    // The database keeps quantities as numeric(18,6).
    private static SchemaField Quantity(string name, bool nullable) => new(name, SchemaFieldType.Decimal, nullable, 18, 6);
}
