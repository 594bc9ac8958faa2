namespace BakeryOps.Infrastructure.Idempotency;

/// <summary>The first response to a write sent with an <c>Idempotency-Key</c>, replayed for repeats of the same request.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; init; }

    /// <summary>Who sent it and where: keys are only unique per caller and route.</summary>
    public required string Scope { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the method, path and body: the same key with another body is refused.</summary>
    public required string RequestHash { get; init; }

    public int StatusCode { get; init; }
    public required string ResponseBody { get; init; }
    public string? Location { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
