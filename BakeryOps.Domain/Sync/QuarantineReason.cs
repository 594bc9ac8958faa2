namespace BakeryOps.Domain.Sync;

/// <summary>Why the bakery cannot take a ledger row yet; each names its fix.</summary>
public enum QuarantineReason
{
    /// <summary>No product of the facility has the row's item (map the product to the JDE item).</summary>
    UnknownItem,

    /// <summary>The document type is not in <c>Sync:DocumentTypes</c> (map it).</summary>
    UnknownDocumentType,

    /// <summary>The row's unit cannot be converted to the product's inventory unit (add a conversion).</summary>
    UnitNotConvertible,

    /// <summary>The row would take on-hand below zero where the facility does not allow it.</summary>
    BelowZero,
}

public static class QuarantineReasons
{
    public static string Code(this QuarantineReason reason) => reason switch
    {
        QuarantineReason.UnknownItem => "unknown_item",
        QuarantineReason.UnknownDocumentType => "unknown_document_type",
        QuarantineReason.UnitNotConvertible => "unit_not_convertible",
        QuarantineReason.BelowZero => "below_zero",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>A reason by its code (<c>unknown_item</c> …), as the API takes it.</summary>
    public static bool TryParse(string? code, out QuarantineReason reason)
    {
        foreach (var candidate in Enum.GetValues<QuarantineReason>())
        {
            if (string.Equals(candidate.Code(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
