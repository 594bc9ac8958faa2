namespace BakeryOps.Domain.Lake;

/// <summary>
/// A lake object that a committed compaction replaced and that is not deleted yet. It is recorded in the commit that
/// swaps its dispatch_logs row for the compacted files', so a delete that fails or never runs (a crash right after the
/// commit) is retried by the next housekeeping run instead of leaving its rows doubled in the lake.
/// </summary>
public sealed class LakeReplacedObject
{
    /// <summary>The replaced object's key under the lake prefix.</summary>
    public required string ObjectKey { get; init; }

    public required string Dataset { get; init; }

    /// <summary>The housekeeping manifest that lists the object as replaced; it must verify before the object goes.</summary>
    public required string ManifestKey { get; init; }

    public DateTimeOffset ReplacedAt { get; init; }

    /// <summary>How many deletes failed so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Why the last delete failed, in words.</summary>
    public string? LastError { get; set; }
}
