using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Inventory;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Turns mirrored ledger rows into movements against a <see cref="StockBook"/>: the document type gives the movement
/// type, TRQT the signed quantity, TRUM is converted to the product's unit, LOTN becomes the batch. A row the bakery
/// cannot take gets the quarantine reason in words instead. Nothing is written here; the caller writes the window.
/// </summary>
internal sealed class CardexApplier(SyncOptions settings, Facility facility, ProductIndex products, Func<DateOnly, DateTimeOffset> transactionInstant)
{
    public const string SyncUser = "jde-sync";

    /// <summary>The product a row would move, when its type is mapped and its item linked (to lock before applying).</summary>
    public Product? ProductFor(JdeCardexEntry entry) =>
        settings.MovementTypeFor(entry.DocumentType) is null ? null : products.Find(entry.ShortItemNumber, entry.SecondItemNumber);

    public static string? BatchOf(JdeCardexEntry entry) => entry.Lot.Length > 0 ? entry.Lot : null;

    public CardexApplyResult Apply(JdeCardexEntry entry, StockBook stock, DateTimeOffset now)
    {
        if (settings.MovementTypeFor(entry.DocumentType) is not { } type)
        {
            return CardexApplyResult.Refused(QuarantineReason.UnknownDocumentType,
                $"Document type {entry.DocumentType} is not mapped to a movement type; add it to Sync:DocumentTypes.");
        }

        if (products.Find(entry.ShortItemNumber, entry.SecondItemNumber) is not { } product)
        {
            return CardexApplyResult.Refused(QuarantineReason.UnknownItem,
                $"No product of facility {facility.Id} has JD Edwards item {entry.ShortItemNumber} ({entry.SecondItemNumber}); link a product to it.");
        }

        if (!QuantityConverter.TryConvert(entry.Quantity, entry.Unit, product.InventoryUnit, product.Conversions, out var converted, out var error))
        {
            return CardexApplyResult.Refused(QuarantineReason.UnitNotConvertible, $"{entry.Quantity} {entry.Unit} of {product.ProductName}: {error}");
        }

        var unit = UnitCatalogue.Normalise(entry.Unit)!;
        var delta = decimal.Round(converted, ProductValidation.MaxDecimals);
        var batch = BatchOf(entry);
        if (stock.TryMove(product, type, entry.Quantity, unit, delta, batch, now) is { } belowZero)
        {
            return CardexApplyResult.Refused(QuarantineReason.BelowZero, belowZero);
        }

        return new CardexApplyResult(new Movement
        {
            Id = InventoryIds.NewMovementId(), FacilityId = facility.Id, ProductId = product.Id, BatchNumber = batch, LotNumber = batch,
            Quantity = entry.Quantity, Unit = unit, InventoryQuantity = delta, Type = type,
            Reason = $"JD Edwards {entry.DocumentType} {entry.DocumentNumber}", AdjustmentDate = transactionInstant(entry.TransactionDate),
            Source = MovementSource.Jde, JdeLedgerKey = entry.Ukid.ToString(CultureInfo.InvariantCulture), CreatedBy = SyncUser, CreatedAt = now,
        }, null, null);
    }
}

/// <summary>A row applied (its movement) or refused (the quarantine reason and its detail in words).</summary>
internal sealed record CardexApplyResult(Movement? Movement, QuarantineReason? Reason, string? Detail)
{
    public static CardexApplyResult Refused(QuarantineReason reason, string detail) => new(null, reason, detail);
}
