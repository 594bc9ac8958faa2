namespace BakeryOps.Domain.Inventory;

/// <summary>Converts a quantity in any unit into a product's inventory unit, exactly, or says why it cannot.</summary>
public static class QuantityConverter
{
    /// <summary>
    /// Same unit; a catalogue conversion within one dimension (G to KG); a product conversion (CS to EA); or a
    /// product conversion reached through a catalogue conversion (KG via a G conversion). Anything else is refused.
    /// </summary>
    public static bool TryConvert(
        decimal quantity, string unit, string inventoryUnit, IEnumerable<ProductUnitConversion> conversions,
        out decimal converted, out string error)
    {
        converted = 0;
        if (!UnitCatalogue.TryFind(unit, out var from))
        {
            error = $"'{unit}' is not a known unit.";
            return false;
        }

        if (!UnitCatalogue.TryFind(inventoryUnit, out var to))
        {
            error = $"The product's inventory unit '{inventoryUnit}' is not a known unit.";
            return false;
        }

        var factor = Factor(from, to, conversions);
        if (factor is null)
        {
            error = $"{from.Code} cannot be converted to the product's inventory unit {to.Code}; add a unit conversion to the product.";
            return false;
        }

        converted = quantity * factor.Value;
        error = "";
        return true;
    }

    private static decimal? Factor(InventoryUnit from, InventoryUnit to, IEnumerable<ProductUnitConversion> conversions)
    {
        if (UnitCatalogue.StandardFactor(from, to) is { } standard)
        {
            return standard;
        }

        foreach (var conversion in conversions)
        {
            if (!UnitCatalogue.TryFind(conversion.Unit, out var defined))
            {
                continue;
            }

            // 1 defined = Factor × inventory unit; from → defined by the catalogue, then on to the inventory unit.
            if (UnitCatalogue.StandardFactor(from, defined) is { } toDefined)
            {
                return toDefined * conversion.Factor;
            }
        }

        return null;
    }
}
