using BakeryOps.Domain.Inventory;

namespace BakeryOps.Domain.Sync;

/// <summary>
/// Which of a facility's products claims a JD Edwards item: by the short item number (ITM) first, the 2nd item number
/// (LITM) next. Where two products are linked to one item, the active one wins over an archived one, then the older
/// (the first link), then the lower id: the same product whatever order the products were read in, so the cardex sync,
/// the item master review and the reconciliation always agree.
/// </summary>
public sealed class ProductIndex
{
    private readonly Dictionary<int, Product> _byShortItem = [];
    private readonly Dictionary<string, Product> _bySecondItem = new(StringComparer.OrdinalIgnoreCase);

    public ProductIndex(IEnumerable<Product> products)
    {
        foreach (var product in products.OrderBy(p => p.Archived).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            if (product.JdeShortItemNumber is { } itm)
            {
                _byShortItem.TryAdd(itm, product);
            }

            if (!string.IsNullOrWhiteSpace(product.JdeSecondItemNumber))
            {
                _bySecondItem.TryAdd(product.JdeSecondItemNumber.Trim(), product);
            }
        }
    }

    public Product? Find(int shortItemNumber, string secondItemNumber) =>
        _byShortItem.GetValueOrDefault(shortItemNumber) ?? _bySecondItem.GetValueOrDefault(secondItemNumber.Trim());
}
