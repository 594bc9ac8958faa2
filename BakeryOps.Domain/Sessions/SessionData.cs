namespace BakeryOps.Domain.Sessions;

/// <summary>
/// Short-lived state a user hands from one page to another (the earlier system's batch-review sessions):
/// a JSON payload that expires.
/// </summary>
public sealed class SessionData
{
    public Guid Id { get; init; }

    /// <summary>What the payload is for, such as <c>batch-review</c>.</summary>
    public required string Kind { get; init; }

    public required string OwnerUserName { get; init; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; set; }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
