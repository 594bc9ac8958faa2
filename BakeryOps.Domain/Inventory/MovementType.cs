namespace BakeryOps.Domain.Inventory;

/// <summary>The seed's <c>adjustmentType</c> values.</summary>
public enum MovementType
{
    /// <summary>Stock arrives: a positive quantity adds.</summary>
    Receipt,

    /// <summary>Stock is used in production: a positive quantity removes.</summary>
    Usage,

    /// <summary>A count correction: the quantity is signed (positive adds, negative removes).</summary>
    Adjustment,

    /// <summary>Stock is thrown away: a positive quantity removes.</summary>
    Waste,

    /// <summary>Stock moves in or out of the facility: the quantity is signed (positive in, negative out).</summary>
    Transfer,
}

public static class MovementTypes
{
    public static bool TryParse(string? value, out MovementType type) =>
        Enum.TryParse(value?.Trim(), ignoreCase: true, out type) && Enum.IsDefined(type) && !int.TryParse(value, out _);

    public static string Code(this MovementType type) => type switch
    {
        MovementType.Receipt => "RECEIPT",
        MovementType.Usage => "USAGE",
        MovementType.Adjustment => "ADJUSTMENT",
        MovementType.Waste => "WASTE",
        MovementType.Transfer => "TRANSFER",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>True when the entered quantity carries its own sign; otherwise it must be positive.</summary>
    public static bool IsSigned(this MovementType type) => type is MovementType.Adjustment or MovementType.Transfer;

    /// <summary>The change to on-hand caused by <paramref name="quantity"/> of this type.</summary>
    public static decimal Effect(this MovementType type, decimal quantity) => type switch
    {
        MovementType.Usage or MovementType.Waste => -quantity,
        _ => quantity,
    };
}
