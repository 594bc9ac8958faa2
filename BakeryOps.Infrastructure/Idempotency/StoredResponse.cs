namespace BakeryOps.Infrastructure.Idempotency;

/// <summary>A write's response as sent (status, JSON body, Location), so a repeat can be answered identically.</summary>
public sealed record StoredResponse(int StatusCode, string Body, string? Location = null, bool Replayed = false);
