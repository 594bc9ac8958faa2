namespace BakeryOps.Infrastructure.Sync;

/// <summary>The counts a cardex run records, by the names the run history shows.</summary>
public static class CardexSyncCounts
{
    public const string Read = "read";
    public const string Applied = "applied";
    public const string Duplicates = "duplicates";
    public const string Baseline = "baseline";
    public const string OwnPostings = "own_postings";

    /// <summary>Postings to JD Edwards confirmed by their row coming back.</summary>
    public const string Confirmed = "confirmed";
    public const string Quarantined = "quarantined";
    public const string BackDated = "back_dated";
    public const string LakeRows = "lake_rows";
    public const string LakeRowsLate = "lake_rows_late";
}
