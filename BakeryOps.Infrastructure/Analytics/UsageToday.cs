using System.Globalization;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Today's usage and waste of a facility by product category, as the dashboard charts them: the movements pivot of
/// <see cref="Spec"/>, with each quantity as a magnitude (a usage's inventory quantity is negative: it takes stock out).
/// </summary>
public sealed record UsageToday(IReadOnlyList<CategoryUsage> Categories, string TimeZone)
{
    public const string Dataset = "movements";
    public const string CategoryField = "category";
    public const string TypeField = "movementType";
    public const string QuantityField = "inventoryQuantity";
    public const string DateField = "adjustmentDate";
    public const string FacilityField = "facilityId";
    public const string Today = "today";

    /// <summary>The category of products without one, as the chart labels it.</summary>
    public const string NoCategory = "(no category)";

    private static readonly string Usage = MovementType.Usage.Code();
    private static readonly string Waste = MovementType.Waste.Code();

    /// <summary>Rows category, columns movement type, the sum of the inventory quantity, for today in <paramref name="timeZone"/>.</summary>
    public static PivotSpec Spec(string facilityId, string timeZone) => new()
    {
        Dataset = Dataset,
        Rows = [CategoryField],
        Columns = [TypeField],
        Measures = [new PivotMeasure(QuantityField, Aggregates.Sum)],
        Filters =
        [
            new PivotFilter(TypeField, FilterOps.In, [Usage, Waste]),
            new PivotFilter(FacilityField, FilterOps.Equal, [facilityId]),
            new PivotFilter(DateField, FilterOps.Range, [Today]),
        ],
        TimeZone = timeZone,
    };

    /// <summary>The pivot's cells as one usage and one waste magnitude per category, in the pivot's row order.</summary>
    public static UsageToday From(PivotResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var usageColumn = ColumnOf(result, Usage);
        var wasteColumn = ColumnOf(result, Waste);
        var categories = new List<CategoryUsage>(result.RowHeaders.Count);
        for (var row = 0; row < result.RowHeaders.Count; row++)
        {
            // A header shorter than the row fields is a subtotal; with one row field there is none, but a spec with more would have them.
            if (result.RowHeaders[row].Count != result.RowFields.Count)
            {
                continue;
            }

            var name = result.RowHeaders[row][0] is { } label ? Convert.ToString(label, CultureInfo.InvariantCulture) ?? NoCategory : NoCategory;
            categories.Add(new CategoryUsage(name, Magnitude(result, row, usageColumn), Magnitude(result, row, wasteColumn)));
        }

        return new UsageToday(categories, result.TimeZone);
    }

    private static int? ColumnOf(PivotResult result, string movementType)
    {
        for (var column = 0; column < result.ColumnHeaders.Count; column++)
        {
            if (result.ColumnHeaders[column] is [var value] && string.Equals(value as string, movementType, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }

        return null;
    }

    private static decimal Magnitude(PivotResult result, int row, int? column) =>
        column is { } c && result.Cells[row][c] is [var value, ..] && value is not null
            ? Math.Abs(Convert.ToDecimal(value, CultureInfo.InvariantCulture))
            : 0m;
}

/// <summary>How much of a category was used and wasted today, as positive quantities in the products' inventory units.</summary>
public sealed record CategoryUsage(string Category, decimal Usage, decimal Waste);
