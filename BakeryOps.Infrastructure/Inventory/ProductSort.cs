using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>The seed's <c>sort=field:1|-1</c>, always with the id as a tie-break so pages are stable.</summary>
internal static class ProductSort
{
    public static IQueryable<Product> Apply(IQueryable<Product> products, string? sort)
    {
        var (field, descending) = Parse(sort);
        IOrderedQueryable<Product> ordered = (field, descending) switch
        {
            ("productname", false) => products.OrderBy(p => p.ProductName),
            ("productname", true) => products.OrderByDescending(p => p.ProductName),
            ("productcategory", false) => products.OrderBy(p => p.ProductCategory),
            ("productcategory", true) => products.OrderByDescending(p => p.ProductCategory),
            ("onhand" or "onhand.amount", false) => products.OrderBy(p => p.OnHand),
            ("onhand" or "onhand.amount", true) => products.OrderByDescending(p => p.OnHand),
            ("updated_at" or "updatedat", false) => products.OrderBy(p => p.UpdatedAt),
            ("updated_at" or "updatedat", true) => products.OrderByDescending(p => p.UpdatedAt),
            ("created_at" or "createdat", false) => products.OrderBy(p => p.CreatedAt),
            ("created_at" or "createdat", true) => products.OrderByDescending(p => p.CreatedAt),
            _ => throw RequestValidationException.For(
                "sort", $"'{sort}' is not a sort; use productName, productCategory, onHand, created_at or updated_at with :1 or :-1."),
        };
        return ordered.ThenBy(p => p.Id);
    }

    private static (string Field, bool Descending) Parse(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return ("productname", false);
        }

        var parts = sort.Split(':', 2);
        var descending = parts.Length == 2 && parts[1].Trim() == "-1";
        if (parts.Length == 2 && parts[1].Trim() is not ("1" or "-1"))
        {
            return ("invalid", false);
        }

        return (parts[0].Trim().ToLowerInvariant(), descending);
    }
}
