namespace BakeryOps.Domain.Reconciliation;

/// <summary>How the bakery's stock of a product (or lot) compares with JD Edwards' balance.</summary>
public enum ReconciliationStatus
{
    /// <summary>Both sides agree within the tolerance, once quantities in flight are set apart.</summary>
    Match,

    /// <summary>Both sides hold the item but disagree beyond the tolerance.</summary>
    Variance,

    /// <summary>JD Edwards holds stock the bakery has no product (or batch) for.</summary>
    MissingInBakery,

    /// <summary>The bakery holds stock of an item JD Edwards does not hold in the branch (or of a lot it does not hold).</summary>
    MissingInJde,

    /// <summary>A product with no JD Edwards item: nothing to compare it with.</summary>
    Unmapped,
}
