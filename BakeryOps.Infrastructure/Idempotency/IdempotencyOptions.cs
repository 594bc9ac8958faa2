namespace BakeryOps.Infrastructure.Idempotency;

/// <summary>How long an <c>Idempotency-Key</c> is remembered, in section <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>
    /// A key is remembered at least this many hours after its write; the <c>session-cleanup</c> job forgets it after
    /// that, and a request that repeats it later is a new write. Seven days covers a client retrying over a weekend.
    /// </summary>
    public int RetentionHours { get; set; } = 168;

    public IEnumerable<string> Validate()
    {
        if (RetentionHours is < 1 or > 8760)
        {
            yield return $"Idempotency:RetentionHours must be between 1 and 8760 (a year); found {RetentionHours}.";
        }
    }
}
