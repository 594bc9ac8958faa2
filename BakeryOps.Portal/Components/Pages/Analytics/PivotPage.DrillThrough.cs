using System.Globalization;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Portal.Components.Pages.Analytics;

// The drill-through: the rows behind a clicked cell, a page at a time, and links to the pages that own those rows.
public sealed partial class PivotPage
{
    private const string FacilityField = "facilityId";
    private const string ProductField = "productId";

    private async Task OpenDrillThroughAsync(PivotCellRef cell)
    {
        if (_model is not { } model || _ranSpec is not { } spec)
        {
            return;
        }

        var keys = model.KeysOf(cell.Row, cell.Column);
        var title = keys.Count == 0
            ? "All rows"
            : string.Join(" · ", keys.Select(k => $"{FieldLabel(k.Field)}: {(k.IsOther ? PivotResult.OtherLabel : k.Value ?? PivotFormat.Blank)}"));
        var measure = model.Result.Measures[cell.Measure];
        var value = $"{measure.Label}: {PivotFormat.Value(model.Value(cell.Row, cell.Column, cell.Measure), Dates)}";
        _drill = new DrillState(title, value, spec, keys);
        _drillOpen = true;
        await LoadDrillPageAsync(0);
    }

    private async Task LoadDrillPageAsync(int offset)
    {
        if (_drill is not { } drill)
        {
            return;
        }

        drill.Page = null;
        drill.Error = null;
        // The page's message would sit behind the open panel: a failure is shown in the panel instead.
        var pageError = Error;
        await RunAsync(async () => drill.Page = await Pivot.DrillThroughAsync(drill.Spec, drill.Keys, offset, DrillPageSize, Cancellation));
        drill.Error = Error;
        Error = pageError;
    }

    private static string DrillRange(PivotDrillThrough page) => page.Total == 0
        ? "No rows."
        : string.Create(CultureInfo.InvariantCulture, $"Rows {page.Offset + 1:#,0}–{page.Offset + page.Rows.Count:#,0} of {page.Total:#,0}");

    /// <summary>The pages that own the rows: the movements grid (filtered like the cell) or JDE vs Bakery, and the product's history.</summary>
    private IEnumerable<DrillLink> DrillLinks(DrillState drill)
    {
        var facility = KeyOrFilter(drill, FacilityField) ?? FirstValue(drill.Page, FacilityField);
        var product = KeyOrFilter(drill, ProductField);
        switch (drill.Spec.Dataset)
        {
            case "movements":
                yield return MovementsLink(drill, FirstValue(drill.Page, FacilityField));
                break;
            case "reconciliation":
                yield return new DrillLink("reconciliation", "Open JDE vs Bakery", "jde-vs-bakery");
                break;
        }

        if (facility is not null && product is not null)
        {
            yield return new DrillLink("product", "Product history", ProductHistoryHref(facility, product));
        }
    }

    // The grid filtered as far as it can be like the cell; what it cannot filter by is named, as the grid shows more.
    private DrillLink MovementsLink(DrillState drill, string? rowsFacility)
    {
        var link = PivotMovementsLink.For(drill.Spec, drill.Keys, rowsFacility, SameZone(drill.Spec));
        var text = link.Applied.Count == 0
            ? "Open in the movements grid"
            : $"Open in the movements grid (filtered by {JoinedList(link.Applied)})";
        var title = link.Wider.Count == 0
            ? "The grid shows the cell's movements."
            : $"The grid shows more than the cell: it cannot filter by {JoinedList([.. link.Wider.Select(FieldLabel)])}.";
        return new DrillLink("movements", text, link.Href, title);
    }

    // The grid takes days in the zone the user is shown; the pivot's days are in its own zone, which the address may fix.
    private bool SameZone(PivotSpec spec)
    {
        var name = spec.TimeZone;
        if (name is null || name.Equals("site", StringComparison.OrdinalIgnoreCase))
        {
            return name is null || !Dates.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone) && zone.HasSameRules(Dates.Zone);
    }

    private static string JoinedList(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";

    private static bool HasProductLinks(PivotDrillThrough page) => page.Fields.Contains(FacilityField) && page.Fields.Contains(ProductField);

    private static string? ProductLinkOf(PivotDrillThrough page, IReadOnlyList<object?> row)
    {
        var facility = ValueOf(page, row, FacilityField);
        var product = ValueOf(page, row, ProductField);
        return facility is null || product is null ? null : ProductHistoryHref(facility, product);
    }

    private static string ProductHistoryHref(string facility, string product) =>
        $"product-history?facility={Uri.EscapeDataString(facility)}&product={Uri.EscapeDataString(product)}";

    private static string? ValueOf(PivotDrillThrough page, IReadOnlyList<object?> row, string field)
    {
        var index = page.Fields.ToList().IndexOf(field);
        return index >= 0 && index < row.Count ? PivotTableModel.KeyText(row[index]) : null;
    }

    private static string? FirstValue(PivotDrillThrough? page, string field) =>
        page is { Rows.Count: > 0 } ? ValueOf(page, page.Rows[0], field) : null;

    // The cell's own key, or the spec's filter to one value, names the facility or product all the rows share.
    private static string? KeyOrFilter(DrillState drill, string field) =>
        drill.Keys.FirstOrDefault(k => k.Field == field && !k.IsOther)?.Value
        ?? drill.Spec.Filters.FirstOrDefault(f => f.Field == field && f.Op == FilterOps.Equal && f.Values.Count == 1)?.Values[0];

    private sealed class DrillState(string title, string valueText, PivotSpec spec, IReadOnlyList<PivotCellKey> keys)
    {
        public string Title { get; } = title;
        public string ValueText { get; } = valueText;
        public PivotSpec Spec { get; } = spec;
        public IReadOnlyList<PivotCellKey> Keys { get; } = keys;
        public PivotDrillThrough? Page { get; set; }
        public string? Error { get; set; }
    }

    private sealed record DrillLink(string Kind, string Text, string Href, string? Title = null);
}
