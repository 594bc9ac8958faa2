using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>A facility's products by JD Edwards item: the short item number (ITM) first, the 2nd item number (LITM) next.</summary>
internal sealed class ProductIndex
{
    private readonly Dictionary<int, Product> _byShortItem = [];
    private readonly Dictionary<string, Product> _bySecondItem = new(StringComparer.OrdinalIgnoreCase);

    public ProductIndex(IEnumerable<Product> products)
    {
        // Active products win over archived ones linked to the same item.
        foreach (var product in products.OrderBy(p => p.Archived))
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
