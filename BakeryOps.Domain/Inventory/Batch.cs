namespace BakeryOps.Domain.Inventory;

/// <summary>A batch (with its supplier lot) of one product: the on-hand of that batch, in the product's unit.</summary>
public sealed class Batch
{
    public const int MaxNumberLength = 100;

    public required string Id { get; init; }
    public required string FacilityId { get; init; }
    public required string ProductId { get; init; }
    public required string BatchNumber { get; init; }
    public string? LotNumber { get; set; }
    public decimal QuantityOnHand { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    public string? VesselCode { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
