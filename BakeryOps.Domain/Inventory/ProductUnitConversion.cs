namespace BakeryOps.Domain.Inventory;

/// <summary>One <see cref="Unit"/> equals <see cref="Factor"/> of the product's inventory unit (a case of eggs is 360 EA).</summary>
public sealed record ProductUnitConversion(string Unit, decimal Factor);
