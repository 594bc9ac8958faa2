namespace BakeryOps.Domain.Reconciliation;

/// <summary>
/// One row of JD Edwards' item location balance (F41021) of a facility's branch as last pulled: on-hand (PQOH) per
/// item, location and lot in the item's primary unit. A pull replaces the facility's rows as a whole.
/// </summary>
public sealed class JdeItemBalance
{
    public const int MaxTextLength = 30;

    public required string FacilityId { get; init; }
    public int ShortItemNumber { get; init; }
    public required string SecondItemNumber { get; init; }
    public required string Location { get; init; }
    public required string Lot { get; init; }
    public decimal OnHand { get; init; }
    public required string Unit { get; init; }
    public DateOnly? UpdatedDate { get; init; }
    public DateTimeOffset PulledAt { get; init; }
}
