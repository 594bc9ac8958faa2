namespace BakeryOps.Domain.Sync;

/// <summary>
/// Who may run a piece of background work right now, across portal nodes on one database: a named lease held by one
/// node's run until it expires. The holder renews it while it works and gives it back when done; a node that died
/// loses it when it expires.
/// </summary>
public sealed class SyncLease
{
    public const int MaxNameLength = 128;
    public const int MaxHolderLength = 200;

    public required string Name { get; init; }
    public required string Holder { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
