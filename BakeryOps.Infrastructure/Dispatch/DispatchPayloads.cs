using System.Globalization;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Jde;
using BakeryOps.Infrastructure.Jde.Client;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// Turns a bakery movement into the <c>JDE_INVENTORY_ADJUSTMENTS</c> posting the earlier system sent (Branch_Plant,
/// Document_Type, Explanation, G_L_Date, Transaction_Date, GridData of Item_Number, Quantity, UM, LOTN), and says in
/// words what keeps a posting from being sent: an unlinked product, a unit that does not convert, a missing lot, a
/// zero quantity.
/// </summary>
internal static class DispatchPayloads
{
    /// <summary>JD Edwards keeps TRQT with four decimals.</summary>
    public const int JdeDecimals = 4;

    /// <summary>The largest quantity JD Edwards' TRQT holds (15 digits, 4 of them decimals).</summary>
    public const decimal MaxQuantity = 99_999_999_999m;

    public static JdeDispatch Plan(
        Movement movement, Product product, Facility facility, string? jdeUnit, DispatchOptions options, TimeZoneInfo jdeZone, DateTimeOffset now)
    {
        var dispatch = new JdeDispatch
        {
            Id = Guid.CreateVersion7(), Key = DispatchKeys.For(facility.Id, movement.Id), FacilityId = facility.Id, MovementId = movement.Id,
            ProductId = product.Id, ProductName = product.ProductName, MovementType = movement.Type.Code(), MovedAt = movement.AdjustmentDate,
            MovementDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(movement.AdjustmentDate, jdeZone).DateTime),
            BatchNumber = movement.BatchNumber, VesselCode = movement.VesselCode, InventoryQuantity = movement.InventoryQuantity,
            InventoryUnit = product.InventoryUnit, State = DispatchState.Pending, Stamp = Guid.NewGuid(), CreatedAt = now, UpdatedAt = now,
            ItemNumber = product.JdeSecondItemNumber?.Trim() is { Length: > 0 } litm ? litm : product.JdeShortItemNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
            ShortItemNumber = product.JdeShortItemNumber,
            BranchPlant = (product.JdeBranchPlant ?? facility.JdeBusinessUnit ?? "").Trim(),
            DocumentType = options.DocumentTypeFor(movement.Type),
            // Batches of a product JD Edwards does not track by lot are the bakery's own breakdown: posted without one.
            Lot = product.LotControlled ? (movement.BatchNumber ?? movement.LotNumber ?? "").Trim() : "",
            Unit = (jdeUnit ?? product.InventoryUnit).Trim(),
        };
        var issued = dispatch.DocumentType == "II" ? -movement.InventoryQuantity : movement.InventoryQuantity;
        var (quantity, problem) = ToJdeUnit(issued, product, dispatch.Unit);
        dispatch.Quantity = quantity ?? 0m;
        dispatch.Problem = problem ?? Validate(dispatch, product);
        dispatch.NeedsSecondApprover = options.SecondApproval.Requires(movement.InventoryQuantity, product.InventoryUnit);
        return dispatch;
    }

    /// <summary>What keeps the posting from being sent as it stands, or null.</summary>
    public static string? Validate(JdeDispatch dispatch, Product? product)
    {
        if (product is null)
        {
            return $"Product {dispatch.ProductId} no longer exists.";
        }

        if (dispatch.ItemNumber.Length == 0)
        {
            return $"{product.ProductName} is not linked to a JD Edwards item: link it on the Item Master Review page, then review this posting again.";
        }

        if (dispatch.BranchPlant.Length == 0)
        {
            return $"Neither {product.ProductName} nor facility {dispatch.FacilityId} names a JD Edwards branch/plant.";
        }

        if (!UnitCatalogue.TryFind(dispatch.Unit, out _))
        {
            return $"'{dispatch.Unit}' is not a unit the bakery knows.";
        }

        if (product.LotControlled && dispatch.Lot.Length == 0)
        {
            return $"JD Edwards tracks {product.ProductName} by lot, and the movement names no batch: enter the lot.";
        }

        if (dispatch.Lot.Length > 0 && CodeText.Problem(dispatch.Lot, JdeColumns.LotLength, JdeColumns.Lot) is { } lotProblem)
        {
            return lotProblem;
        }

        if (dispatch.Quantity == 0)
        {
            return "The quantity is zero: JD Edwards refuses a posting of nothing.";
        }

        if (Math.Abs(dispatch.Quantity) > MaxQuantity)
        {
            return $"{dispatch.Quantity} {dispatch.Unit} is more than JD Edwards keeps ({MaxQuantity:#,0}).";
        }

        if (decimal.Round(dispatch.Quantity, JdeDecimals) != dispatch.Quantity)
        {
            return $"{dispatch.Quantity} {dispatch.Unit} has more decimals than JD Edwards keeps ({JdeDecimals}): enter the quantity to post.";
        }

        if (dispatch.DocumentType == "II" && dispatch.Quantity < 0)
        {
            return "An issue (II) posts the quantity issued, which must be positive; use an adjustment (IA) to add stock.";
        }

        return null;
    }

    /// <summary>The quantity in JD Edwards' unit, exact, or why it does not convert.</summary>
    public static (decimal? Quantity, string? Problem) ToJdeUnit(decimal inventoryQuantity, Product product, string jdeUnit)
    {
        if (!UnitCatalogue.TryFind(jdeUnit, out var unit))
        {
            return (null, $"JD Edwards counts {product.ProductName} in '{jdeUnit}', a unit the bakery does not know.");
        }

        // 1 JD Edwards unit = factor × the product's unit; the posting is the movement divided by it.
        if (!QuantityConverter.TryConvert(1m, unit.Code, product.InventoryUnit, product.Conversions, out var factor, out var error) || factor == 0)
        {
            return (null, $"{product.InventoryUnit} does not convert to JD Edwards' unit {jdeUnit}: {error}");
        }

        return (inventoryQuantity / factor, null);
    }

    public static JdeAdjustmentPosting ToPosting(JdeDispatch dispatch) => new(
        dispatch.BranchPlant, dispatch.DocumentType, dispatch.Explanation, dispatch.MovementDate, dispatch.MovementDate,
        [new JdeAdjustmentPostingLine(dispatch.ItemNumber, dispatch.Quantity, dispatch.Unit, dispatch.Lot.Length > 0 ? dispatch.Lot : null)]);

    /// <summary>The payload as JD Edwards receives it (the client sends exactly this shape), dates in <paramref name="formatDate"/>.</summary>
    public static DispatchPayload ToPayload(JdeDispatch dispatch, Func<DateOnly, string> formatDate) => new(
        dispatch.BranchPlant, dispatch.DocumentType, dispatch.Explanation, formatDate(dispatch.MovementDate), formatDate(dispatch.MovementDate),
        [new DispatchPayloadLine(dispatch.ItemNumber, dispatch.Quantity.ToString(CultureInfo.InvariantCulture), dispatch.Unit, dispatch.Lot)]);
}
