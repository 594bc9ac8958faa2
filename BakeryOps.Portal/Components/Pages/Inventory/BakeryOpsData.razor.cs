using System.Globalization;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Inventory;

public partial class BakeryOpsData
{
    /// <summary>The categories the editor suggests; others appear in the filter once a loaded page shows them.</summary>
    internal static readonly string[] StandardCategories = ["Ingredient", "Packaging", "Finished Good"];

    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true };

    // The adjustment's fields a RequestValidationException can name; any other key is shown in the dialog's alert.
    private static readonly HashSet<string> AdjustmentFields =
    [
        "productId", "adjustmentType", "quantity", "unit", "batchNumber", "lotNumber", "expiryDate", "vesselCode", "reason",
        "adjustmentDate",
    ];

    private readonly SortedSet<string> _seenCategories = new(StandardCategories, StringComparer.OrdinalIgnoreCase);

    private IReadOnlyList<Facility> _facilities = [];
    private string _facilityId = "";
    private string _userName = "";
    private bool _canWrite;
    private int _activeTab;

    private MudDataGrid<ProductView>? _productsGrid;
    private string? _search;
    private string? _category;
    private bool _showArchived;

    private MudDataGrid<MovementView>? _movementsGrid;
    private IReadOnlyCollection<string> _movementTypes = [];
    private DateRange? _dateRange;
    private ProductChoice? _movementProduct;

    private bool _adjustOpen;
    private bool _busy;
    private AdjustmentForm _adjust = new();
    private Dictionary<string, string> _adjustErrors = [];
    private string? _adjustAlert;

    [SupplyParameterFromQuery(Name = "facility")]
    public string? Facility { get; set; }

    protected override string PageName => "Bakery Ops Data";

    private IEnumerable<string> Categories => _category is null ? _seenCategories : _seenCategories.Append(_category).Distinct();

    // The day the user's dates are typed in: today in the zone the page shows.
    private DateOnly Today => DateOnly.FromDateTime(Dates.ToShown(Clock.GetUtcNow()).DateTime);

    // Expiry dates are the bakery's calendar days: whether one has passed is decided in the site's zone, whatever the
    // user chose to see instants in.
    private DateOnly SiteToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Dates.SiteZone).DateTime);

    private string QuantityHelp => _adjust.Type is "ADJUSTMENT" or "TRANSFER"
        ? "Signed: negative removes stock"
        : _adjust.Type is "RECEIPT" ? "Adds stock" : "Removes stock";

    protected override async Task OnInitializedAsync()
    {
        _facilityId = Site.Value.FacilityOrDefault(Facility);
        ApplyQueryFilters();
        var state = await AuthenticationState.GetAuthenticationStateAsync();
        _userName = state.User.Identity?.Name ?? "";
        _canWrite = (await Authorization.AuthorizeAsync(state.User, Policies.WriteInventory)).Succeeded;
        await RunAsync(async () =>
        {
            _facilities = await Inventory.ListFacilitiesAsync(Cancellation);
            if (_facilities.All(f => f.Id != _facilityId))
            {
                Error = $"There is no facility '{_facilityId}'.";
                return;
            }

            await LoadCategoriesAsync();
            await ApplyQueryProductAsync();
        });
    }

    private async Task LoadCategoriesAsync()
    {
        foreach (var category in await Inventory.ListCategoriesAsync(_facilityId, Cancellation))
        {
            _seenCategories.Add(category);
        }
    }

    private async Task<GridData<ProductView>> LoadProductsAsync(GridState<ProductView> state, CancellationToken cancellationToken)
    {
        var query = new ProductQuery(
            Archived: _showArchived ? null : false, ProductCategory: _category, Search: _search, Offset: state.Page * state.PageSize,
            Size: state.PageSize, Sort: SortOf(state.SortDefinitions.FirstOrDefault()), IncludeBatches: true);
        var page = await LoadAsync(() => Inventory.ListProductsAsync(_facilityId, query, cancellationToken));
        foreach (var product in page.Items)
        {
            _seenCategories.Add(product.ProductCategory);
        }

        return new GridData<ProductView> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task<GridData<MovementView>> LoadMovementsAsync(GridState<MovementView> state, CancellationToken cancellationToken)
    {
        var query = new MovementQuery(
            MovementTypes: _movementTypes.Count > 0 ? [.. _movementTypes] : null, StartDate: StartOfDay(_dateRange?.Start),
            EndDate: _dateRange?.End is { } end ? StartOfDay(end.AddDays(1))!.Value.AddTicks(-1) : null, ProductId: _movementProduct?.Id,
            IncludeProductDetails: true, Descending: true, Offset: state.Page * state.PageSize, Size: state.PageSize);
        var page = await LoadAsync(() => Inventory.ListMovementsAsync(_facilityId, query, cancellationToken));
        return new GridData<MovementView> { Items = page.Items, TotalItems = page.TotalCount };
    }

    // An unknown facility is an expected state (a stale link), shown in the page's alert; a replaced request is dropped.
    private Task<PagedResult<T>> LoadAsync<T>(Func<Task<PagedResult<T>>> load) => LoadAsync(load, new PagedResult<T>([], 0));

    private async Task OnFacilityChangedAsync(string facilityId)
    {
        _facilityId = facilityId;
        _movementProduct = null;
        await RunAsync(LoadCategoriesAsync);
        await ReloadGridAsync(_productsGrid);
        await ReloadGridAsync(_movementsGrid);
    }

    private async Task OnSearchChangedAsync(string? search)
    {
        _search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        await ReloadGridAsync(_productsGrid);
    }

    private async Task OnCategoryChangedAsync(string? category)
    {
        _category = category;
        await ReloadGridAsync(_productsGrid);
    }

    private async Task OnShowArchivedChangedAsync(bool showArchived)
    {
        _showArchived = showArchived;
        await ReloadGridAsync(_productsGrid);
    }

    private async Task OnMovementTypesChangedAsync(IReadOnlyCollection<string>? types)
    {
        _movementTypes = types ?? [];
        await ReloadGridAsync(_movementsGrid);
    }

    // The range's days begin and end at midnight in the shown zone: another zone means other movements.
    protected override async Task OnShownZoneChangedAsync()
    {
        if (_dateRange is not null)
        {
            await ReloadGridAsync(_movementsGrid);
        }
    }

    private async Task OnDateRangeChangedAsync(DateRange? range)
    {
        _dateRange = range;
        await ReloadGridAsync(_movementsGrid);
    }

    private async Task OnMovementProductChangedAsync(ProductChoice? product)
    {
        _movementProduct = product;
        await ReloadGridAsync(_movementsGrid);
    }

    private async Task ShowMovementsAsync(ProductView product)
    {
        _movementProduct = ProductChoice.From(product);
        _activeTab = 1;
        await ReloadGridAsync(_movementsGrid);
    }

    private Task<IEnumerable<ProductChoice>> SearchActiveProductsAsync(string? text, CancellationToken cancellationToken) =>
        SearchProductsAsync(text, archived: false, cancellationToken);

    private Task<IEnumerable<ProductChoice>> SearchAllProductsAsync(string? text, CancellationToken cancellationToken) =>
        SearchProductsAsync(text, archived: null, cancellationToken);

    private async Task<IEnumerable<ProductChoice>> SearchProductsAsync(string? text, bool? archived, CancellationToken cancellationToken)
    {
        var query = new ProductQuery(Archived: archived, Search: string.IsNullOrWhiteSpace(text) ? null : text, Size: 20);
        var page = await LoadAsync(() => Inventory.ListProductsAsync(_facilityId, query, cancellationToken));
        return page.Items.Select(ProductChoice.From);
    }

    private void OpenAdjustment(ProductView? product)
    {
        _adjust = new AdjustmentForm { Date = Today.ToDateTime(TimeOnly.MinValue) };
        if (product is not null)
        {
            OnAdjustProductChanged(ProductChoice.From(product));
        }

        _adjustErrors = [];
        _adjustAlert = null;
        _adjustOpen = true;
    }

    private void OnAdjustProductChanged(ProductChoice? product)
    {
        _adjust.Product = product;
        _adjust.Unit = product?.Unit ?? _adjust.Unit;
        ClearError("productId");
    }

    // A server message stays under its field until that field is edited or the form is sent again.
    private void ClearError(string field) => _adjustErrors.Remove(field);

    private async Task SaveAdjustmentAsync()
    {
        _adjustErrors = [];
        _adjustAlert = null;
        _busy = true;
        try
        {
            var recorded = await Inventory.RecordAdjustmentsAsync(_facilityId, [_adjust.ToInput(Today, Dates.Zone)], isArray: false,
                _userName, Cancellation);
            var movement = recorded[0];
            _adjustOpen = false;
            Snackbar.Add($"{movement.AdjustmentType} of {Amount(movement.Quantity)} {movement.Unit} recorded for {_adjust.Product?.Name}.",
                Severity.Success);
            await ReloadGridAsync(_productsGrid);
            await ReloadGridAsync(_movementsGrid);
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                if (AdjustmentFields.Contains(field))
                {
                    _adjustErrors[field] = string.Join(" ", messages);
                }
                else
                {
                    _adjustAlert = $"{_adjustAlert} {string.Join(" ", messages)}".Trim();
                }
            }
        }
        catch (Exception e) when (e is ConflictException or NotFoundException)
        {
            _adjustAlert = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private bool HasError(string field) => _adjustErrors.ContainsKey(field);

    private string? ErrorOf(string field) => _adjustErrors.GetValueOrDefault(field);

    private string EditorHref(string? productId) =>
        $"bakery-ops-data/products/{Uri.EscapeDataString(productId ?? "new")}?facility={Uri.EscapeDataString(_facilityId)}";

    // A picked day starts at midnight in the zone the page shows its dates in.
    private DateTimeOffset? StartOfDay(DateTime? date) => date is { } day
        ? new DateTimeOffset(day.Date, Dates.Zone.GetUtcOffset(day.Date)).ToUniversalTime()
        : null;

    private ExpiryState Expiry(DateOnly? expiry)
    {
        if (expiry is not { } date)
        {
            return new ExpiryState("none", null, Color.Default);
        }

        var days = date.DayNumber - SiteToday.DayNumber;
        return days switch
        {
            < 0 => new ExpiryState("expired", "Expired", Color.Error),
            0 => new ExpiryState("soon", "Expires today", Color.Warning),
            <= 7 => new ExpiryState("soon", days == 1 ? "Expires in 1 day" : $"Expires in {days} days", Color.Warning),
            _ => new ExpiryState("ok", null, Color.Default),
        };
    }

    /// <summary>The service's <c>sort</c> for the grid's sorted column, or null for its default (name).</summary>
    internal static string? SortOf(SortDefinition<ProductView>? sort)
    {
        var field = sort?.SortBy switch
        {
            nameof(ProductView.ProductName) => "productName",
            nameof(ProductView.ProductCategory) => "productCategory",
            "OnHand.Amount" or nameof(OnHandView.Amount) => "onHand",
            nameof(ProductView.UpdatedAt) => "updated_at",
            _ => null,
        };
        return field is null ? null : $"{field}:{(sort!.Descending ? -1 : 1)}";
    }

    internal static string Amount(decimal value) => value.ToString("#,0.######", CultureInfo.CurrentCulture);

    private static string SignedAmount(decimal value) => (value > 0 ? "+" : "") + Amount(value);

    private static string JdeText(JdeLinkView jde)
    {
        var item = string.Join(" / ", new[] { jde.ShortItemNumber?.ToString(CultureInfo.InvariantCulture), jde.SecondItemNumber }
            .Where(v => !string.IsNullOrEmpty(v)));
        return (item, jde.BranchPlant) switch
        {
            ("", null) => "—",
            (_, null) => item,
            ("", { } branch) => $"branch {branch}",
            (_, { } branch) => $"{item} · {branch}",
        };
    }

    private static string BatchText(MovementView movement) =>
        string.Join(" / ", new[] { movement.BatchNumber, movement.LotNumber }.Where(v => !string.IsNullOrEmpty(v)));

    private static Color TypeColor(string type) => type switch
    {
        "RECEIPT" => Color.Success,
        "USAGE" => Color.Info,
        "WASTE" => Color.Error,
        "TRANSFER" => Color.Secondary,
        _ => Color.Warning,
    };

    private sealed record ExpiryState(string State, string? Label, Color Color);

    /// <summary>A product as the pickers show it; a record, so a re-fetched product equals the chosen one.</summary>
    private sealed record ProductChoice(string Id, string Name, string Unit)
    {
        public static ProductChoice From(ProductView product) => new(product.Id, product.ProductName, product.InventoryUnit);
    }

    private sealed class AdjustmentForm
    {
        public ProductChoice? Product { get; set; }
        public string Type { get; set; } = "RECEIPT";
        public decimal? Quantity { get; set; }
        public string? Unit { get; set; }
        public string? BatchNumber { get; set; }
        public string? LotNumber { get; set; }
        public DateTime? ExpiryDate { get; set; }
        public string? VesselCode { get; set; }
        public string? Reason { get; set; }
        public DateTime? Date { get; set; }

        // Today means "now" (the service stamps it); an earlier day is recorded at noon in the zone the page shows.
        public AdjustmentInput ToInput(DateOnly today, TimeZoneInfo zone)
        {
            DateTimeOffset? date = null;
            if (Date is { } day && DateOnly.FromDateTime(day) != today)
            {
                var noon = day.Date.AddHours(12);
                date = new DateTimeOffset(noon, zone.GetUtcOffset(noon)).ToUniversalTime();
            }

            return new AdjustmentInput(
                Product?.Id, Quantity, Unit, Type, BatchNumber, LotNumber, VesselCode, Reason, date,
                ExpiryDate is { } expiry ? DateOnly.FromDateTime(expiry) : null);
        }
    }
}
