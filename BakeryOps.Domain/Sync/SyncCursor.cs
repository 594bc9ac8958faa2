namespace BakeryOps.Domain.Sync;

/// <summary>
/// How far a facility's pull of one stream (the cardex) has got: the last date written (CRDJ) it has read completely.
/// The next pull starts a configurable overlap before it, so rows committed late are still read.
/// </summary>
public sealed class SyncCursor
{
    public const string Cardex = "cardex";

    /// <summary>The item master: its position is the day of the facility's last complete pull (what "gone from JDE" is measured against).</summary>
    public const string ItemMaster = "item-master";

    public required string Stream { get; init; }
    public required string FacilityId { get; init; }
    public DateOnly Position { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
