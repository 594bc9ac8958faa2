namespace BakeryOps.Domain.Lake;

/// <summary>
/// A record waiting for the lake, written in the same transaction as the change it describes, so a change reaches
/// the lake even when the process stops before the next batch is written.
/// </summary>
public sealed class LakeOutboxEntry
{
    public long Id { get; init; }
    public required string Dataset { get; init; }

    /// <summary>The record as a JSON object.</summary>
    public required string PayloadJson { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
