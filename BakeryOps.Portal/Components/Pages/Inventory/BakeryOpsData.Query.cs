using System.Globalization;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Inventory;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Inventory;

// The movements tab opened from an address (a pivot cell's drill-through links here): the tab, a product, movement
// types and a range of days. A part that cannot be read is left out and named in a note: a stale or hand-edited link
// still opens the page.
public partial class BakeryOpsData
{
    private const string DayFormat = "yyyy-MM-dd";

    private readonly List<string> _queryNotes = [];

    /// <summary>"movements" opens the movements tab; "products" (the default) the products tab.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    /// <summary>The movements of this product id only.</summary>
    [SupplyParameterFromQuery(Name = "product")]
    public string? Product { get; set; }

    /// <summary>Movement type codes, comma-separated: USAGE,WASTE.</summary>
    [SupplyParameterFromQuery(Name = "types")]
    public string? Types { get; set; }

    /// <summary>The first day (yyyy-MM-dd, in the zone the page shows) of the movements listed.</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>The last day, inclusive.</summary>
    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    // Before the first render, so the grid's first load is already filtered.
    private void ApplyQueryFilters()
    {
        switch (Tab?.Trim().ToLowerInvariant())
        {
            case null or "" or "products":
                break;
            case "movements":
                _activeTab = 1;
                break;
            default:
                _queryNotes.Add($"The address's tab '{Tab}' is not one of products or movements: the products are shown.");
                break;
        }

        ApplyQueryTypes();
        ApplyQueryDates();
    }

    private void ApplyQueryTypes()
    {
        if (string.IsNullOrWhiteSpace(Types))
        {
            return;
        }

        var codes = Types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = codes.Where(c => !MovementTypes.TryParse(c, out _)).ToList();
        _movementTypes = [.. codes.Select(c => MovementTypes.TryParse(c, out var type) ? type.Code() : null).OfType<string>().Distinct()];
        if (unknown.Count > 0)
        {
            var known = string.Join(", ", Enum.GetValues<MovementType>().Select(t => t.Code()));
            _queryNotes.Add($"The address's movement type{(unknown.Count == 1 ? "" : "s")} '{string.Join("', '", unknown)}' "
                + $"{(unknown.Count == 1 ? "is" : "are")} not one of {known}: not applied.");
        }
    }

    private void ApplyQueryDates()
    {
        var from = QueryDay("from", From);
        var to = QueryDay("to", To);
        if (from is { } first && to is { } last && first > last)
        {
            _queryNotes.Add($"The address's dates run backwards ({From} to {To}): not applied.");
            return;
        }

        if (from is not null || to is not null)
        {
            _dateRange = new DateRange(from?.ToDateTime(TimeOnly.MinValue), to?.ToDateTime(TimeOnly.MinValue));
        }
    }

    private DateOnly? QueryDay(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        _queryNotes.Add($"The address's '{name}' date '{text}' is not a day written {DayFormat}: not applied.");
        return null;
    }

    // Once the facility is known: the product must be one of its products (which the picker then shows by name).
    private async Task ApplyQueryProductAsync()
    {
        if (string.IsNullOrWhiteSpace(Product))
        {
            return;
        }

        try
        {
            _movementProduct = ProductChoice.From(await Inventory.GetProductAsync(_facilityId, Product.Trim(), Cancellation));
            await ReloadGridAsync(_movementsGrid);
        }
        catch (Exception e) when (e is NotFoundException or RequestValidationException)
        {
            _queryNotes.Add($"The address's product '{Product}' is not a product of facility '{_facilityId}': not applied.");
        }
    }
}
