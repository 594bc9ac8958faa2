namespace BakeryOps.Domain.Inventory;

/// <summary>One recorded change of stock, in the seed's shape. Movements are never changed or deleted.</summary>
public sealed class Movement
{
    public const int MaxReasonLength = 500;
    public const int MaxCodeLength = 100;

    public required string Id { get; init; }
    public required string FacilityId { get; init; }
    public required string ProductId { get; init; }
    public string? BatchNumber { get; init; }
    public string? LotNumber { get; init; }
    public string? VesselCode { get; init; }

    /// <summary>The quantity as entered, in <see cref="Unit"/> (signed for adjustments and transfers).</summary>
    public decimal Quantity { get; init; }

    public required string Unit { get; init; }

    /// <summary>The change to on-hand in the product's inventory unit.</summary>
    public decimal InventoryQuantity { get; init; }

    public MovementType Type { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset AdjustmentDate { get; init; }
    public MovementSource Source { get; init; }

    /// <summary>The JD Edwards ledger row (F4111 UKID) this movement applied; unique per facility.</summary>
    public string? JdeLedgerKey { get; init; }

    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
