using System.Globalization;
using System.Text.RegularExpressions;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Inventory;

public partial class ProductEditor
{
    private string _facilityId = "";
    private string? _shownKey;
    private bool _loading = true;
    private string? _loadError;
    private ProductView? _loaded;
    private bool _busy;
    private bool _conflict;

    private ProductForm _form = new();
    private EditContext _context = default!;
    private ValidationMessageStore _clientMessages = default!;
    private ValidationMessageStore _serverMessages = default!;
    private bool _submitted;

    [Parameter]
    public string? ProductId { get; set; }

    [SupplyParameterFromQuery(Name = "facility")]
    public string? Facility { get; set; }

    protected override string PageName => "Product editor";

    private bool IsNew => ProductId is null;

    private string Title => IsNew ? "New product" : _loaded?.ProductName ?? "Product";

    private string BackHref => $"bakery-ops-data?facility={Uri.EscapeDataString(_facilityId)}";

    protected override async Task OnParametersSetAsync()
    {
        _facilityId = Site.Value.FacilityOrDefault(Facility);
        var key = $"{_facilityId}/{ProductId}";
        if (key != _shownKey)
        {
            _shownKey = key;
            await ReloadAsync();
        }
    }

    private async Task ReloadAsync()
    {
        _loading = true;
        _loadError = Error = null;
        _conflict = _submitted = false;
        try
        {
            _loaded = IsNew ? null : await Inventory.GetProductAsync(_facilityId, ProductId!, Cancellation);
            ResetForm(_loaded is null ? new ProductForm { Category = "Ingredient" } : ProductForm.From(_loaded));
        }
        catch (NotFoundException e)
        {
            _loadError = e.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private void ResetForm(ProductForm form)
    {
        _form = form;
        _context = new EditContext(_form);
        _clientMessages = new ValidationMessageStore(_context);
        _serverMessages = new ValidationMessageStore(_context);

        // Client rules run on submit, then again on every edit; a server message stays until its field is edited.
        _context.OnValidationRequested += (_, _) =>
        {
            _submitted = true;
            _serverMessages.Clear();
            ValidateClient();
            _context.NotifyValidationStateChanged();
        };
        _context.OnFieldChanged += (_, e) =>
        {
            _serverMessages.Clear(e.FieldIdentifier);
            if (_submitted)
            {
                ValidateClient();
                _context.NotifyValidationStateChanged();
            }
        };
    }

    private void ValidateClient()
    {
        _clientMessages.Clear();
        if (string.IsNullOrWhiteSpace(_form.Name))
        {
            _clientMessages.Add(new FieldIdentifier(_form, nameof(ProductForm.Name)), "Enter a product name.");
        }
        else if (_form.Name.Trim().Length > Product.MaxNameLength)
        {
            _clientMessages.Add(new FieldIdentifier(_form, nameof(ProductForm.Name)), $"The product name can have at most {Product.MaxNameLength} characters.");
        }

        if (!UnitCatalogue.TryFind(_form.InventoryUnit, out _))
        {
            _clientMessages.Add(new FieldIdentifier(_form, nameof(ProductForm.InventoryUnit)), "Choose the inventory unit from the list.");
        }

        foreach (var row in _form.Conversions)
        {
            if (!UnitCatalogue.TryFind(row.Unit, out _))
            {
                _clientMessages.Add(new FieldIdentifier(row, nameof(ConversionRow.Unit)), "Choose a known unit.");
            }

            if (row.Factor is not > 0)
            {
                _clientMessages.Add(new FieldIdentifier(row, nameof(ConversionRow.Factor)), "The factor must be greater than zero.");
            }
        }
    }

    private void AddConversion() => _form.Conversions.Add(new ConversionRow());

    private void RemoveConversion(int index)
    {
        var row = _form.Conversions[index];
        _form.Conversions.RemoveAt(index);
        foreach (var field in new[] { nameof(ConversionRow.Unit), nameof(ConversionRow.Factor) })
        {
            _clientMessages.Clear(new FieldIdentifier(row, field));
            _serverMessages.Clear(new FieldIdentifier(row, field));
        }
    }

    private async Task SaveAsync()
    {
        var saved = await SubmitAsync(() => IsNew
            ? Inventory.CreateProductAsync(_facilityId, _form.ToInput(archived: false), Cancellation)
            : Inventory.UpdateProductAsync(_facilityId, ProductId!, _form.ToInput(_loaded!.Archived), _loaded.Version, Cancellation));
        if (saved is not null)
        {
            Snackbar.Add(IsNew ? $"{saved.ProductName} created." : $"{saved.ProductName} saved.", Severity.Success);
            Navigation.NavigateTo(BackHref);
        }
    }

    // Archives or restores the product as loaded, so edits in the form are neither saved nor lost.
    private async Task ToggleArchivedAsync()
    {
        var loaded = _loaded!;
        var input = ProductForm.From(loaded).ToInput(!loaded.Archived);
        var saved = await SubmitAsync(() => Inventory.UpdateProductAsync(_facilityId, loaded.Id, input, loaded.Version, Cancellation));
        if (saved is not null)
        {
            _loaded = saved;
            Snackbar.Add(saved.Archived ? $"{saved.ProductName} archived." : $"{saved.ProductName} restored.", Severity.Success);
        }
    }

    // The service's field messages go under their fields and a conflict offers a reload; the page shows the rest.
    private async Task<ProductView?> SubmitAsync(Func<Task<ProductView>> save)
    {
        ProductView? saved = null;
        _conflict = false;
        _busy = true;
        await RunAsync(async () =>
        {
            try
            {
                saved = await save();
            }
            catch (RequestValidationException e)
            {
                ShowServerMessages(e.Errors);
            }
            catch (ConflictException e)
            {
                Error = e.Message;
                _conflict = true;
            }
        });
        _busy = false;
        return saved;
    }

    private void ShowServerMessages(IReadOnlyDictionary<string, string[]> errors)
    {
        var unplaced = new List<string>();
        foreach (var (key, messages) in errors)
        {
            if (FieldOf(key) is { } field)
            {
                _serverMessages.Add(field, messages);
            }
            else
            {
                unplaced.AddRange(messages);
            }
        }

        Error = unplaced.Count > 0 ? string.Join(" ", unplaced) : null;
        _context.NotifyValidationStateChanged();
    }

    /// <summary>The form field for a key of the service's validation errors, or null when no field shows it.</summary>
    private FieldIdentifier? FieldOf(string key)
    {
        var conversion = ConversionKey().Match(key);
        if (conversion.Success)
        {
            var index = int.Parse(conversion.Groups[1].Value, CultureInfo.InvariantCulture);
            return index < _form.Conversions.Count
                ? new FieldIdentifier(_form.Conversions[index], conversion.Groups[2].Value == "unit" ? nameof(ConversionRow.Unit) : nameof(ConversionRow.Factor))
                : null;
        }

        var name = key switch
        {
            "productName" => nameof(ProductForm.Name),
            "description" => nameof(ProductForm.Description),
            "productCategory" => nameof(ProductForm.Category),
            "inventoryUnit" => nameof(ProductForm.InventoryUnit),
            "jde.shortItemNumber" => nameof(ProductForm.JdeShortItem),
            "jde.secondItemNumber" => nameof(ProductForm.JdeSecondItem),
            "jde.branchPlant" => nameof(ProductForm.JdeBranch),
            "stockingType" => nameof(ProductForm.StockingType),
            "glClass" => nameof(ProductForm.GlClass),
            "shelfLifeDays" => nameof(ProductForm.ShelfLifeDays),
            _ => null,
        };
        return name is null ? null : new FieldIdentifier(_form, name);
    }

    private string ConversionHelp(ConversionRow row) =>
        $"1 {row.Unit ?? "unit"} = factor × {_form.InventoryUnit ?? "inventory unit"}";

    [GeneratedRegex(@"^unitConversions\[(\d+)\]\.(unit|factor)$")]
    private static partial Regex ConversionKey();

    private sealed class ProductForm
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Category { get; set; }
        public string? InventoryUnit { get; set; }
        public int? JdeShortItem { get; set; }
        public string? JdeSecondItem { get; set; }
        public string? JdeBranch { get; set; }
        public string? StockingType { get; set; }
        public string? GlClass { get; set; }
        public bool LotControlled { get; set; }
        public int? ShelfLifeDays { get; set; }
        public List<ConversionRow> Conversions { get; set; } = [];

        public static ProductForm From(ProductView product) => new()
        {
            Name = product.ProductName,
            Description = product.Description,
            Category = product.ProductCategory,
            InventoryUnit = product.InventoryUnit,
            JdeShortItem = product.Jde.ShortItemNumber,
            JdeSecondItem = product.Jde.SecondItemNumber,
            JdeBranch = product.Jde.BranchPlant,
            StockingType = product.StockingType,
            GlClass = product.GlClass,
            LotControlled = product.LotControlled,
            ShelfLifeDays = product.ShelfLifeDays,
            Conversions = product.UnitConversions.Select(c => new ConversionRow { Unit = c.Unit, Factor = c.Factor }).ToList(),
        };

        public ProductInput ToInput(bool archived) => new(
            Name, Description, Category, InventoryUnit, archived, new JdeLinkInput(JdeShortItem, JdeSecondItem, JdeBranch),
            Conversions.Select(c => new UnitConversionInput(c.Unit, c.Factor)).ToList(),
            // The editor shows every attribute, so an emptied field clears it (0 is "does not expire").
            StockingType ?? "", GlClass ?? "", LotControlled, ShelfLifeDays ?? 0);
    }

    private sealed class ConversionRow
    {
        public string? Unit { get; set; }
        public decimal? Factor { get; set; }
    }
}
