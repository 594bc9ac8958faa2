namespace BakeryOps.Infrastructure.Idempotency;

/// <summary>An <c>Idempotency-Key</c> was reused for a different request (422).</summary>
public sealed class IdempotencyKeyMismatchException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used for a different request; use a new key for a new request.");
