namespace BakeryOps.Infrastructure.Inventory.Persistence;

/// <summary>Quantities are numeric(18,6) on PostgreSQL and millionths on SQLite: exact for G↔KG and ML↔L.</summary>
internal static class InventoryPrecision
{
    public const int Precision = 18;
    public const int Scale = 6;
}
