namespace BakeryOps.Infrastructure.Sync;

/// <summary>The counts an item master run records, by the names the run history shows.</summary>
public static class ItemMasterSyncCounts
{
    public const string Read = "read";
    public const string New = "new";
    public const string Changed = "changed";
    public const string Gone = "gone";
    public const string Blocked = "blocked";
    public const string Applied = "applied";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Archived = "archived";
    public const string LakeRows = "lake_rows";
}
