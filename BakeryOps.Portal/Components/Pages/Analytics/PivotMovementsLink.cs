using System.Globalization;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// The movements grid's address for a cell of the movements dataset: what the cell's keys and the pivot's filters fix
/// that the grid can filter by (facility, product, movement types, the days of a date bucket). Everything else (a
/// category, a product name, a lot, "(Other)", a date filter) is left out and named in <see cref="Wider"/>: the grid then
/// shows more than the cell.
/// </summary>
public sealed record PivotMovementsLink(string Href, IReadOnlyList<string> Applied, IReadOnlyList<string> Wider)
{
    public const string Facility = "facilityId";
    public const string Product = "productId";
    public const string MovementType = "movementType";
    public const string AdjustmentDate = "adjustmentDate";

    /// <summary>
    /// The link for <paramref name="keys"/> under <paramref name="spec"/>. <paramref name="rowsFacility"/> is the facility
    /// of the cell's rows, used when neither a key nor a filter names one (the grid shows one facility at a time);
    /// <paramref name="sameZone"/> says whether the pivot grouped dates in the zone the grid shows its days in (a
    /// bucket's days in another zone would be other movements, so they are then left out).
    /// </summary>
    public static PivotMovementsLink For(PivotSpec spec, IReadOnlyList<PivotCellKey> keys, string? rowsFacility, bool sameZone)
    {
        var query = new List<string>();
        var applied = new List<string>();
        var covered = new Covered();
        if ((ExactValue(spec, keys, Facility, covered) ?? rowsFacility) is { } facility)
        {
            query.Add($"facility={Uri.EscapeDataString(facility)}");
        }

        query.Add("tab=movements");
        if (ExactValue(spec, keys, Product, covered) is { } product)
        {
            query.Add($"product={Uri.EscapeDataString(product)}");
            applied.Add("product");
        }

        if (Types(spec, keys, covered) is { Count: > 0 } types)
        {
            query.Add($"types={string.Join(",", types)}");
            applied.Add(types.Count == 1 ? "type" : "types");
        }

        var dateKey = keys.FirstOrDefault(k => k.Field == AdjustmentDate);
        if (dateKey is { IsOther: false } && sameZone && PivotBucketDays.Of(spec.DateGrouping, dateKey.Value) is var (first, last))
        {
            query.Add($"from={first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            applied.Add("dates");
            // A bucket is a range of days, so a filter on the date can still narrow it: only the key is covered.
            covered.Keys.Add(dateKey);
        }

        var wider = keys.Where(k => !covered.Fields.Contains(k.Field) && !covered.Keys.Contains(k)).Select(k => k.Field)
            .Concat(spec.Filters.Where(f => !covered.Fields.Contains(f.Field) && !covered.Filters.Contains(f)).Select(f => f.Field))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new PivotMovementsLink($"bakery-ops-data?{string.Join("&", query)}", applied, wider);
    }

    // The cell's key (an exact value: every filter on its field is then met), or the pivot's filter to one value.
    private static string? ExactValue(PivotSpec spec, IReadOnlyList<PivotCellKey> keys, string field, Covered covered)
    {
        if (keys.FirstOrDefault(k => k.Field == field) is { } key)
        {
            if (key.IsOther || key.Value is null)
            {
                return null;
            }

            covered.Fields.Add(field);
            return key.Value;
        }

        var filter = spec.Filters.FirstOrDefault(f => f.Field == field && FilterOps.Normalise(f.Op) == FilterOps.Equal && f.Values is [{ }]);
        if (filter is null)
        {
            return null;
        }

        covered.Filters.Add(filter);
        return filter.Values[0];
    }

    // The cell's type, or the pivot's filter to one or several types; null when a value is not a type the grid knows.
    private static List<string>? Types(PivotSpec spec, IReadOnlyList<PivotCellKey> keys, Covered covered)
    {
        var key = keys.FirstOrDefault(k => k.Field == MovementType);
        var filter = key is null
            ? spec.Filters.FirstOrDefault(f => f.Field == MovementType && FilterOps.Normalise(f.Op) is FilterOps.Equal or FilterOps.In)
            : null;
        IReadOnlyList<string?>? values = key is { IsOther: false } ? [key.Value] : filter?.Values;
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var types = new List<string>();
        foreach (var value in values)
        {
            if (!MovementTypes.TryParse(value, out var type))
            {
                return null;
            }

            types.Add(type.Code());
        }

        if (key is not null)
        {
            covered.Fields.Add(MovementType);
        }
        else
        {
            covered.Filters.Add(filter!);
        }

        return [.. types.Distinct()];
    }

    // What the grid's filters stand for: whole fields (a key's exact value), single filters, a date bucket's key.
    private sealed class Covered
    {
        public HashSet<string> Fields { get; } = new(StringComparer.Ordinal);
        public HashSet<PivotFilter> Filters { get; } = new(ReferenceEqualityComparer.Instance);
        public HashSet<PivotCellKey> Keys { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
