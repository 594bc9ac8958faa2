namespace BakeryOps.Infrastructure.Sync;

public enum CardexSyncMode
{
    /// <summary>From the cursor (less the overlap); rows written at or before the facility's link are baseline.</summary>
    Incremental,

    /// <summary>Every row of JD Edwards' history applied, for a facility that has no movements yet.</summary>
    FullHistory,
}
