namespace BakeryOps.Domain.Inventory;

/// <summary>
/// The units the bakery and JD Edwards use, with exact decimal factors. Codes are case-insensitive and JDE's
/// spellings (LT, CS) are accepted as aliases.
/// </summary>
public static class UnitCatalogue
{
    private static readonly InventoryUnit[] Known =
    [
        new("KG", "kilogram", UnitDimension.Mass, 1000m),
        new("G", "gram", UnitDimension.Mass, 1m),
        new("MG", "milligram", UnitDimension.Mass, 0.001m),
        new("L", "litre", UnitDimension.Volume, 1000m),
        new("ML", "millilitre", UnitDimension.Volume, 1m),
        new("EA", "each", UnitDimension.Count, 1m),
        new("DZ", "dozen", UnitDimension.Count, 12m),
        new("PK", "pack", UnitDimension.Package, 1m),
        new("CS", "case", UnitDimension.Package, 1m),
        new("BX", "box", UnitDimension.Package, 1m),
        new("BG", "bag", UnitDimension.Package, 1m),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LT"] = "L",
        ["LTR"] = "L",
        ["KGS"] = "KG",
        ["GR"] = "G",
        ["EACH"] = "EA",
        ["PC"] = "EA",
        ["PCS"] = "EA",
        ["CASE"] = "CS",
        ["PACK"] = "PK",
    };

    private static readonly Dictionary<string, InventoryUnit> ByCode = Known.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<InventoryUnit> All => Known;

    public static bool TryFind(string? code, out InventoryUnit unit)
    {
        unit = null!;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var trimmed = code.Trim();
        if (Aliases.TryGetValue(trimmed, out var canonical))
        {
            trimmed = canonical;
        }

        if (ByCode.TryGetValue(trimmed, out var found))
        {
            unit = found;
            return true;
        }

        return false;
    }

    /// <summary>The canonical code (LT becomes L), or null for an unknown unit.</summary>
    public static string? Normalise(string? code) => TryFind(code, out var unit) ? unit.Code : null;

    /// <summary>The exact factor from one catalogue unit to another of the same measurable dimension, or null.</summary>
    public static decimal? StandardFactor(InventoryUnit from, InventoryUnit to)
    {
        if (from.Code == to.Code)
        {
            return 1m;
        }

        if (from.Dimension != to.Dimension || from.Dimension == UnitDimension.Package)
        {
            return null;
        }

        return from.BaseFactor / to.BaseFactor;
    }
}
