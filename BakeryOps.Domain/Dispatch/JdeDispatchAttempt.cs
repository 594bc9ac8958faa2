namespace BakeryOps.Domain.Dispatch;

/// <summary>
/// One call to JD Edwards for a dispatch (<c>jde_dispatch_attempts</c>): a post, or a read-back of an unknown outcome,
/// with the request sent and the answer received. Written with the dispatch's state change, in the same transaction,
/// and fed to the lake (<c>jde_dispatches</c>).
/// </summary>
public sealed class JdeDispatchAttempt
{
    public long Id { get; init; }
    public Guid DispatchId { get; init; }
    public required string Key { get; init; }
    public required string FacilityId { get; init; }
    public int Attempt { get; init; }

    /// <summary><c>post</c> or <c>read-back</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The request as sent (the payload for a post; the branch and dates for a read-back), JSON.</summary>
    public required string Request { get; init; }

    /// <summary>posted, refused, transient, unknown, found or not-found.</summary>
    public required string Outcome { get; init; }

    public long? DocumentNumber { get; init; }
    public string? Error { get; init; }
    public int? StatusCode { get; init; }
    public required string By { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
}
