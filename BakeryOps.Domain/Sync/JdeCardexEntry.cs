namespace BakeryOps.Domain.Sync;

/// <summary>
/// The mirror of one JD Edwards item ledger row (F4111) as a facility read it, keyed by its UKID, with what the sync
/// did with it. A row is mirrored once: a later read of the same UKID is a duplicate and changes nothing.
/// </summary>
public sealed class JdeCardexEntry
{
    public const int MaxTextLength = 30;

    public required string FacilityId { get; init; }

    /// <summary>F4111 UKID, the ledger's unique key.</summary>
    public long Ukid { get; init; }

    public int ShortItemNumber { get; init; }
    public required string SecondItemNumber { get; init; }
    public required string BusinessUnit { get; init; }
    public required string Location { get; init; }
    public required string Lot { get; init; }
    public long DocumentNumber { get; init; }
    public required string DocumentType { get; init; }

    /// <summary>TRDJ, the transaction date.</summary>
    public DateOnly TransactionDate { get; init; }

    /// <summary>When JD Edwards wrote the row (CRDJ and TDAY in its time zone), as an instant.</summary>
    public DateTimeOffset WrittenAt { get; init; }

    /// <summary>TRQT, signed, in <see cref="Unit"/>.</summary>
    public decimal Quantity { get; init; }

    public required string Unit { get; init; }
    public required string Explanation { get; init; }

    public CardexOutcome Outcome { get; set; }

    /// <summary>Applied although its transaction date is older than what the facility had already synced.</summary>
    public bool BackDated { get; init; }

    /// <summary>The movement the row became, once applied.</summary>
    public string? MovementId { get; set; }

    /// <summary>The run that mirrored it.</summary>
    public Guid RunId { get; init; }

    public DateTimeOffset MirroredAt { get; init; }
}
