namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// AIS cut an item master answer off at its max-records limit. "Gone from JD Edwards" is worked out from absence, so a
/// partial list must never be taken for the whole: the run fails before anything is mirrored, flagged or applied.
/// </summary>
public sealed class ItemMasterPullIncompleteException(string businessUnit, string glClass, int rows)
    : Exception($"JD Edwards answered the item master of branch {businessUnit}, G/L class {glClass} with {rows} rows and said more records exist " +
                "(the orchestration's max-records limit). The pull is incomplete, so nothing was mirrored, flagged as gone or applied; " +
                "raise the max-records limit of JDE_ITEM_MASTER_TO_BAKERY_OPS on the AIS server and run again.")
{
    public string BusinessUnit { get; } = businessUnit;
    public string GlClass { get; } = glClass;
}
