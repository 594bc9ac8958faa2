namespace BakeryOps.Domain.Sync;

/// <summary>What the cardex sync did with a ledger row.</summary>
public enum CardexOutcome
{
    /// <summary>Became a bakery movement.</summary>
    Applied,

    /// <summary>Written at or before the facility's sync start: already in bakery stock, mirrored only.</summary>
    Baseline,

    /// <summary>The bakery's own posting coming back (TREX starts with <c>BKO </c>): mirrored, never applied.</summary>
    OwnPosting,

    /// <summary>Held in the quarantine until its cause is fixed and it is retried.</summary>
    Quarantined,

    /// <summary>Already mirrored by an earlier read (the overlap re-reads recent days): skipped.</summary>
    Duplicate,
}
