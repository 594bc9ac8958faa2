using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Jde;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>Checks a <see cref="ProductInput"/> and returns the normalised values, or throws naming each bad field.</summary>
internal static class ProductValidation
{
    public const int MaxDecimals = 6;

    public static ValidProduct Validate(ProductInput input)
    {
        var errors = new ValidationErrors();
        InputText.Check(errors, "productName", input.ProductName);
        InputText.Check(errors, "description", input.Description);
        InputText.Check(errors, "productCategory", input.ProductCategory);
        var name = input.ProductName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("productName", "The product name is required.");
        }
        else if (name.Length > Product.MaxNameLength)
        {
            errors.Add("productName", $"The product name can have at most {Product.MaxNameLength} characters.");
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > Product.MaxDescriptionLength)
        {
            errors.Add("description", $"The description can have at most {Product.MaxDescriptionLength} characters.");
        }

        var category = string.IsNullOrWhiteSpace(input.ProductCategory) ? "Ingredient" : input.ProductCategory.Trim();
        if (category.Length > Product.MaxCategoryLength)
        {
            errors.Add("productCategory", $"The category can have at most {Product.MaxCategoryLength} characters.");
        }

        string? unit = null;
        if (string.IsNullOrWhiteSpace(input.InventoryUnit))
        {
            errors.Add("inventoryUnit", "The inventory unit is required.");
        }
        else if ((unit = UnitCatalogue.Normalise(input.InventoryUnit)) is null)
        {
            errors.Add("inventoryUnit", $"'{input.InventoryUnit}' is not a known unit ({string.Join(", ", UnitCatalogue.All.Select(u => u.Code))}).");
        }

        var jde = input.Jde;
        if (jde?.ShortItemNumber is <= 0)
        {
            errors.Add("jde.shortItemNumber", "The JDE short item number must be a positive whole number.");
        }

        var secondItem = CodeText.Normalise(
            jde?.SecondItemNumber, JdeColumns.SecondItemLength, JdeColumns.SecondItem, "jde.secondItemNumber", errors, allowSpaces: true);

        var branch = jde?.BranchPlant?.Trim();
        if (branch is { Length: > 0 } && (branch.Length > JdeColumns.BusinessUnitLength || !branch.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("jde.branchPlant", $"The JDE branch/plant has at most {JdeColumns.BusinessUnitLength} letters or digits.");
        }

        var conversions = new List<ProductUnitConversion>();
        for (var i = 0; i < (input.UnitConversions?.Count ?? 0); i++)
        {
            var conversion = input.UnitConversions![i];
            var field = $"unitConversions[{i}]";
            var code = UnitCatalogue.Normalise(conversion.Unit);
            if (code is null)
            {
                errors.Add($"{field}.unit", $"'{conversion.Unit}' is not a known unit.");
            }
            else if (code == unit)
            {
                errors.Add($"{field}.unit", "A conversion to the inventory unit itself is not needed.");
            }
            else if (conversions.Any(c => c.Unit == code))
            {
                errors.Add($"{field}.unit", $"{code} is converted twice.");
            }

            if (conversion.Factor is not > 0)
            {
                errors.Add($"{field}.factor", "The factor must be greater than zero.");
            }
            else if (conversion.Factor.Value.Scale > MaxDecimals || conversion.Factor > 1_000_000_000m)
            {
                errors.Add($"{field}.factor", $"The factor can have at most {MaxDecimals} decimal places and be at most 1,000,000,000.");
            }

            if (code is not null && conversion.Factor > 0)
            {
                conversions.Add(new ProductUnitConversion(code, conversion.Factor.Value));
            }
        }

        InputText.Check(errors, "stockingType", input.StockingType);
        InputText.Check(errors, "glClass", input.GlClass);
        var stockingType = input.StockingType?.Trim().ToUpperInvariant();
        if (stockingType is { Length: > 0 } && (stockingType.Length > Product.MaxStockingTypeLength || !stockingType.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("stockingType", "The stocking type is one JD Edwards code letter or digit (UDC 41/I: P purchased, M manufactured, S stock …).");
        }

        var glClass = input.GlClass?.Trim().ToUpperInvariant();
        if (glClass is { Length: > 0 } && (glClass.Length > Product.MaxGlClassLength || !glClass.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("glClass", $"The G/L class has at most {Product.MaxGlClassLength} letters or digits (such as WA01).");
        }

        if (input.ShelfLifeDays is < 0 or > Product.MaxShelfLifeDays)
        {
            errors.Add("shelfLifeDays", $"The shelf life is from 0 to {Product.MaxShelfLifeDays} days.");
        }

        errors.ThrowIfAny();
        return new ValidProduct(name!, description, category, unit!, input.Archived, jde?.ShortItemNumber,
            secondItem, NullIfBlank(branch), conversions, stockingType, glClass, input.LotControlled, input.ShelfLifeDays);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal sealed record ValidProduct(
    string ProductName, string Description, string ProductCategory, string InventoryUnit, bool? Archived,
    int? JdeShortItemNumber, string? JdeSecondItemNumber, string? JdeBranchPlant, List<ProductUnitConversion> Conversions,
    string? StockingType = null, string? GlClass = null, bool? LotControlled = null, int? ShelfLifeDays = null)
{
    public void ApplyTo(Product product)
    {
        product.ProductName = ProductName;
        product.Description = Description;
        product.ProductCategory = ProductCategory;
        product.InventoryUnit = InventoryUnit;
        // Absent means "leave as is": a PUT that omits it must not silently restore an archived product.
        product.Archived = Archived ?? product.Archived;
        product.JdeShortItemNumber = JdeShortItemNumber;
        product.JdeSecondItemNumber = JdeSecondItemNumber;
        product.JdeBranchPlant = JdeBranchPlant;
        product.Conversions = Conversions;
        // Absent JD Edwards attributes are left as they are (see ProductInput); an empty text clears one.
        if (StockingType is not null)
        {
            product.StockingType = StockingType.Length == 0 ? null : StockingType;
        }

        if (GlClass is not null)
        {
            product.GlClass = GlClass.Length == 0 ? null : GlClass;
        }

        product.LotControlled = LotControlled ?? product.LotControlled;
        // 0 is how JD Edwards (SLD) and the API say "does not expire".
        product.ShelfLifeDays = ShelfLifeDays is { } days ? days == 0 ? null : days : product.ShelfLifeDays;
    }
}
