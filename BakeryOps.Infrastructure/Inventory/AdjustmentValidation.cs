using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Jde;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>Checks adjustments against the catalogue and their products; every problem is reported with its field.</summary>
internal static class AdjustmentValidation
{
    private const decimal MaxQuantity = 1_000_000_000_000m;

    public static IReadOnlyList<ValidAdjustment> Validate(
        IReadOnlyList<AdjustmentInput> inputs, bool isArray, IReadOnlyDictionary<string, Product> products, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        var valid = new List<ValidAdjustment>();
        if (inputs.Count == 0)
        {
            errors.Add("adjustments", "Send at least one adjustment.");
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var prefix = isArray ? $"[{i}]." : "";
            if (input is null)
            {
                errors.Add($"[{i}]", "The adjustment is empty.");
                continue;
            }

            var type = MovementType.Usage;
            if (input.AdjustmentType is not null && !MovementTypes.TryParse(input.AdjustmentType, out type))
            {
                errors.Add(prefix + "adjustmentType", $"'{input.AdjustmentType}' is not one of RECEIPT, USAGE, ADJUSTMENT, WASTE, TRANSFER.");
            }

            Product? product = null;
            if (string.IsNullOrWhiteSpace(input.ProductId))
            {
                errors.Add(prefix + "productId", "The product id is required.");
            }
            else if (InputText.Check(errors, prefix + "productId", input.ProductId)
                && products.TryGetValue(input.ProductId.Trim(), out product) && product.Archived)
            {
                errors.Add(prefix + "productId", $"Product {product.Id} is archived; restore it before recording stock.");
            }

            if (input.Quantity is not { } quantity)
            {
                errors.Add(prefix + "quantity", "The quantity is required.");
            }
            else if (type.IsSigned() ? quantity == 0 : quantity <= 0)
            {
                errors.Add(prefix + "quantity", type.IsSigned()
                    ? $"A {type.Code()} quantity must not be zero (use a negative quantity to remove stock)."
                    : $"A {type.Code()} quantity must be greater than zero.");
            }
            else if (Math.Abs(quantity) > MaxQuantity || quantity.Scale > ProductValidation.MaxDecimals)
            {
                errors.Add(prefix + "quantity", $"The quantity can have at most {ProductValidation.MaxDecimals} decimal places and be at most 10^12.");
            }

            // A batch without a lot is posted to JD Edwards as the lot, so it fits LOTN as well.
            var batchNumber = CodeText.Normalise(input.BatchNumber, JdeColumns.LotLength, JdeColumns.Lot, prefix + "batchNumber", errors);
            var lotNumber = CodeText.Normalise(input.LotNumber, JdeColumns.LotLength, JdeColumns.Lot, prefix + "lotNumber", errors);
            var vesselCode = CodeText.Normalise(input.VesselCode, JdeColumns.LocationLength, JdeColumns.Location, prefix + "vesselCode", errors);
            CheckText(errors, prefix + "reason", input.Reason, Movement.MaxReasonLength);
            if (input.AdjustmentDate > now.AddDays(1))
            {
                errors.Add(prefix + "adjustmentDate", "The adjustment date cannot be in the future.");
            }

            var unit = input.Unit ?? product?.InventoryUnit;
            var inventoryQuantity = 0m;
            if (product is not null && input.Quantity is { } entered)
            {
                if (!QuantityConverter.TryConvert(entered, unit!, product.InventoryUnit, product.Conversions, out var converted, out var error))
                {
                    errors.Add(prefix + "unit", error);
                }
                else if (decimal.Round(converted, ProductValidation.MaxDecimals) != converted)
                {
                    errors.Add(prefix + "quantity", $"{entered} {unit} is more precise than {ProductValidation.MaxDecimals} decimal places of {product.InventoryUnit}.");
                }
                else
                {
                    inventoryQuantity = type.Effect(converted);
                }
            }
            else if (input.Unit is not null && UnitCatalogue.Normalise(input.Unit) is null)
            {
                errors.Add(prefix + "unit", $"'{input.Unit}' is not a known unit.");
            }

            if (product is not null && input.Quantity is { } q && !errors.Any)
            {
                valid.Add(new ValidAdjustment(
                    product, type, q, UnitCatalogue.Normalise(unit)!, inventoryQuantity, batchNumber, lotNumber,
                    vesselCode, Trim(input.Reason), (input.AdjustmentDate ?? now).ToUniversalTime(), input.ExpiryDate));
            }
        }

        errors.ThrowIfAny();
        return valid;
    }

    private static void CheckText(ValidationErrors errors, string field, string? value, int max)
    {
        if (InputText.Check(errors, field, value) && value?.Trim().Length > max)
        {
            errors.Add(field, $"At most {max} characters.");
        }
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal sealed record ValidAdjustment(
    Product Product, MovementType Type, decimal Quantity, string Unit, decimal InventoryQuantity, string? BatchNumber,
    string? LotNumber, string? VesselCode, string? Reason, DateTimeOffset AdjustmentDate, DateOnly? ExpiryDate);
