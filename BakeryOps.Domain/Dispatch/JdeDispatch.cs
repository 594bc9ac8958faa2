namespace BakeryOps.Domain.Dispatch;

/// <summary>
/// One posting of a bakery movement to JD Edwards (<c>jde_dispatches</c>): the action a reviewer sees, the payload it
/// becomes and what happened to it. One per movement; <see cref="Key"/> is unique and travels in the posting's
/// Explanation (<c>BKO </c> + key), which is how an unknown outcome is read back and how the sync confirms it.
/// </summary>
public sealed class JdeDispatch
{
    public const int KeyLength = 20;
    public const string ExplanationPrefix = "BKO ";
    public const int MaxReasonLength = 500;

    public Guid Id { get; init; }

    /// <summary>The idempotency key, derived from the facility and movement (<see cref="DispatchKeys"/>).</summary>
    public required string Key { get; init; }

    public required string FacilityId { get; init; }
    public required string MovementId { get; init; }
    public required string ProductId { get; init; }
    public required string ProductName { get; set; }
    public required string MovementType { get; init; }
    public DateTimeOffset MovedAt { get; init; }

    /// <summary>The movement's date in JD Edwards' time zone: the posting's G/L and transaction date.</summary>
    public DateOnly MovementDate { get; init; }

    public string? BatchNumber { get; init; }
    public string? VesselCode { get; init; }

    /// <summary>The movement's change to on-hand in the product's inventory unit.</summary>
    public decimal InventoryQuantity { get; init; }

    public required string InventoryUnit { get; init; }

    /// <summary>JD Edwards' item as posted: the 2nd item number (LITM), or the short number when there is none.</summary>
    public string ItemNumber { get; set; } = "";

    public int? ShortItemNumber { get; set; }
    public string BranchPlant { get; set; } = "";
    public string DocumentType { get; set; } = "";
    public string Lot { get; set; } = "";

    /// <summary>GridData Quantity in <see cref="Unit"/>: the quantity issued for II, signed for IA.</summary>
    public decimal Quantity { get; set; }

    public string Unit { get; set; } = "";

    /// <summary>Why the payload cannot be sent as it is, in words; null when it can.</summary>
    public string? Problem { get; set; }

    public DispatchState State { get; set; }

    /// <summary>True when the quantity needs two different approvers (<c>Dispatch:SecondApproval</c>).</summary>
    public bool NeedsSecondApprover { get; set; }

    public string? EditedBy { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public string? FirstApprovedBy { get; set; }
    public DateTimeOffset? FirstApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? RejectedBy { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    public string? RejectReason { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>
    /// Changes with every change of the row (a claim, an outcome, a review): whoever changes it names the stamp it read,
    /// so two relays, or a relay and a reviewer, cannot both act on one posting.
    /// </summary>
    public Guid Stamp { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>A post whose answer was lost: JD Edwards' ledger is read for the key before it is sent again.</summary>
    public bool OutcomeUnknown { get; set; }

    public long? DocumentNumber { get; set; }
    public string? DocumentCompany { get; set; }
    public DateTimeOffset? PostedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>The ledger row (F4111 UKID) the cardex sync confirmed the posting by.</summary>
    public long? LedgerUkid { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>TREX of the posting: <c>BKO </c> and the key, 24 of JD Edwards' 30 characters.</summary>
    public string Explanation => ExplanationPrefix + Key;
}
