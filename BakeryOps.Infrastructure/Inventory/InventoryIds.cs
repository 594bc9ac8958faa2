namespace BakeryOps.Infrastructure.Inventory;

/// <summary>Time-ordered ids with the seed's prefixes (prod_, bat_, mov_).</summary>
public static class InventoryIds
{
    public static string NewProductId() => "prod_" + Guid.CreateVersion7().ToString("N");
    public static string NewBatchId() => "bat_" + Guid.CreateVersion7().ToString("N");
    public static string NewMovementId() => "mov_" + Guid.CreateVersion7().ToString("N");
}
