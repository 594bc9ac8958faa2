namespace BakeryOps.Domain.Inventory;

public enum UnitDimension
{
    Mass,
    Volume,
    Count,

    /// <summary>Packaging units (pack, case, box) whose size depends on the product: converted only by a product conversion.</summary>
    Package,
}
