namespace BakeryOps.Domain.Facilities;

/// <summary>A bakery site. Its id is the <c>facility_id</c> of the /bakeryops API (the earlier system's FACILITY_ID).</summary>
public sealed class Facility
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;

    public required string Id { get; init; }
    public required string Name { get; set; }

    /// <summary>The JD Edwards branch/plant (business unit) the facility posts to, unpadded.</summary>
    public string? JdeBusinessUnit { get; set; }

    /// <summary>
    /// When the facility was linked to <see cref="JdeBusinessUnit"/>: ledger rows written at or before it are already
    /// in bakery stock (the sync mirrors them as baseline); rows written after it are applied.
    /// </summary>
    public DateTimeOffset? JdeLinkedAt { get; set; }

    /// <summary>When false, a movement that would take on-hand below zero is refused.</summary>
    public bool AllowNegativeOnHand { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
