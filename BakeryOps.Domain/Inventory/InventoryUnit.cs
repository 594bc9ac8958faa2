namespace BakeryOps.Domain.Inventory;

/// <summary>A unit of the catalogue: its code, dimension and exact size in the dimension's base unit (G, ML, EA).</summary>
public sealed record InventoryUnit(string Code, string Name, UnitDimension Dimension, decimal BaseFactor);
