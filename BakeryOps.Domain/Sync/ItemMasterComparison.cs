using System.Globalization;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Domain.Sync;

/// <summary>
/// Compares a facility's item master mirror with its products: items without a product (new), attributes that differ
/// (changed: description, unit, stocking type, G/L class, lot control, shelf life), and products linked to an item
/// JD Edwards no longer lists (gone). Products are matched as the cardex sync finds them (<see cref="ProductIndex"/>).
/// </summary>
public static class ItemMasterComparison
{
    public const string Description = "description";
    public const string Description2 = "description2";
    public const string Unit = "unit";
    public const string StockingType = "stocking_type";
    public const string GlClass = "gl_class";
    public const string LotControl = "lot_control";
    public const string ShelfLife = "shelf_life_days";

    /// <param name="entries">The facility's mirror, listed and missing rows.</param>
    /// <param name="products">The facility's products, archived ones included.</param>
    /// <param name="productsWithMovements">Products whose inventory unit can no longer change.</param>
    /// <param name="pulledCompletely">
    /// Whether a complete pull has been mirrored: without one, absence means nothing, so no product is shown as gone.
    /// </param>
    public static IReadOnlyList<ItemMasterDifference> Compare(
        IEnumerable<JdeItemMasterEntry> entries, IReadOnlyCollection<Product> products, IReadOnlySet<string> productsWithMovements, bool pulledCompletely)
    {
        var claims = new ProductIndex(products);

        var differences = new List<ItemMasterDifference>();
        var listed = entries.Where(e => e.MissingSince is null).OrderBy(e => e.SecondItemNumber, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var entry in listed)
        {
            var product = claims.Find(entry.ShortItemNumber, entry.SecondItemNumber);
            var unit = UnitCatalogue.Normalise(entry.PrimaryUnit);
            var unknownUnit = unit is null
                ? $"JD Edwards' unit '{entry.PrimaryUnit}' is not in the bakery's unit catalogue ({string.Join(", ", UnitCatalogue.All.Select(u => u.Code))}); " +
                  "correct the item's primary unit in JD Edwards, then pull again."
                : null;
            if (product is null)
            {
                differences.Add(new ItemMasterDifference(entry.SecondItemNumber, entry.ShortItemNumber, ItemMasterChange.New, null, null,
                    Attributes(entry, null, unit), unknownUnit));
                continue;
            }

            var attributes = Attributes(entry, product, unit);
            if (attributes.Count == 0)
            {
                continue;
            }

            var blocked = unknownUnit
                ?? (attributes.Any(a => a.Attribute == Unit) && productsWithMovements.Contains(product.Id)
                    ? $"JD Edwards counts {entry.SecondItemNumber} in {unit}, which does not convert to {product.InventoryUnit}, the unit product " +
                      $"{product.Id} keeps its stock in; it has movements, so its unit cannot change: add a conversion from {unit} in the product editor."
                    : null);
            differences.Add(new ItemMasterDifference(entry.SecondItemNumber, entry.ShortItemNumber, ItemMasterChange.Changed, product.Id,
                product.ProductName, attributes, blocked));
        }

        if (pulledCompletely)
        {
            // Gone is about the item, not the product: a second product linked to a listed item is not gone.
            var listedShort = listed.Select(e => e.ShortItemNumber).ToHashSet();
            var listedSecond = listed.Select(e => e.SecondItemNumber.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            bool IsListed(Product p) => (p.JdeShortItemNumber is { } itm && listedShort.Contains(itm))
                || (!string.IsNullOrWhiteSpace(p.JdeSecondItemNumber) && listedSecond.Contains(p.JdeSecondItemNumber.Trim()));
            foreach (var product in products.Where(p => !p.Archived && IsLinked(p) && !IsListed(p)).OrderBy(p => p.Id, StringComparer.Ordinal))
            {
                differences.Add(new ItemMasterDifference(
                    KeyOf(product), product.JdeShortItemNumber, ItemMasterChange.Gone, product.Id, product.ProductName, [], null));
            }
        }

        return differences;
    }

    /// <summary>The review key of a product's item: its 2nd item number, else its short item number.</summary>
    public static string KeyOf(Product product) =>
        !string.IsNullOrWhiteSpace(product.JdeSecondItemNumber)
            ? product.JdeSecondItemNumber.Trim()
            : product.JdeShortItemNumber?.ToString(CultureInfo.InvariantCulture) ?? product.Id;

    private static bool IsLinked(Product product) => product.JdeShortItemNumber is not null || !string.IsNullOrWhiteSpace(product.JdeSecondItemNumber);

    /// <summary>Every attribute for a new item (the bakery side empty); only those that differ for a product.</summary>
    private static List<ItemAttributeDifference> Attributes(JdeItemMasterEntry entry, Product? product, string? unit)
    {
        var attributes = new List<ItemAttributeDifference>();
        void Compare(string attribute, string jde, string? bakery)
        {
            if (product is null || !string.Equals(jde, bakery ?? "", StringComparison.Ordinal))
            {
                attributes.Add(new ItemAttributeDifference(attribute, jde, product is null ? null : bakery ?? ""));
            }
        }

        Compare(Description, entry.Description.Trim(), product?.ProductName.Trim());
        Compare(Description2, entry.Description2.Trim(), product?.Description.Trim());
        var jdeUnit = unit ?? entry.PrimaryUnit.Trim();
        // The bakery may keep stock in another unit (eggs by the each, JD Edwards by the case): that is no difference
        // as long as JD Edwards' unit converts to it.
        if (product is null || unit is null || !QuantityConverter.TryConvert(1m, unit, product.InventoryUnit, product.Conversions, out _, out _))
        {
            Compare(Unit, jdeUnit, product?.InventoryUnit);
        }

        Compare(StockingType, entry.StockingType.Trim(), product?.StockingType?.Trim());
        Compare(GlClass, entry.GlClass.Trim(), product?.GlClass?.Trim());
        Compare(LotControl, YesNo(entry.LotControlled), product is null ? null : YesNo(product.LotControlled));
        Compare(ShelfLife, Days(entry.ShelfLifeDays), product is null ? null : Days(product.ShelfLifeDays));
        return attributes;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    // JD Edwards writes 0 (or nothing) for an item that does not expire; the bakery keeps no shelf life then.
    private static string Days(int? days) => days is > 0 ? days.Value.ToString(CultureInfo.InvariantCulture) : "";
}
