namespace BakeryOps.Domain.Sync;

/// <summary>
/// A mirrored ledger row the bakery could not take, with the reason in words. It stays until a retry applies it (after
/// the product, conversion or document type is fixed); <see cref="ResolvedAt"/> then says when.
/// </summary>
public sealed class QuarantinedLedgerRow
{
    public const int MaxDetailLength = 1000;

    public Guid Id { get; init; }
    public required string FacilityId { get; init; }
    public long Ukid { get; init; }
    public QuarantineReason Reason { get; set; }
    public required string Detail { get; set; }
    public int Attempts { get; set; }
    public Guid RunId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
