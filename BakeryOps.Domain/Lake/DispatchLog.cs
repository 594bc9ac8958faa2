namespace BakeryOps.Domain.Lake;

/// <summary>One file written to the data lake: the audit row that says what was written, where, and by which run.</summary>
public sealed class DispatchLog
{
    public long Id { get; init; }
    public required string Dataset { get; init; }

    /// <summary>The object key under the lake prefix; unique, because keys never collide.</summary>
    public required string ObjectKey { get; init; }

    public long RowCount { get; init; }
    public long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public required string Sha256 { get; init; }

    public Guid? RunId { get; init; }

    /// <summary>The partition date the key was written under (year=/month=/day=).</summary>
    public DateOnly PartitionDate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
