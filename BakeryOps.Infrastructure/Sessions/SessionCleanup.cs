using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Sessions;

/// <summary>
/// Removes what no session or caller can use any more: expired <c>session_data</c> rows (the earlier system's
/// <c>/admin/cleanup-sessions</c>), refresh tokens that can no longer be redeemed (see
/// <see cref="RefreshTokenStore.DeleteStaleAsync"/>), and idempotency keys past <c>Idempotency:RetentionHours</c>.
/// </summary>
public sealed class SessionCleanup(IDbContextFactory<Persistence.BakeryOpsDbContext> contexts, IOptions<IdempotencyOptions> idempotency, TimeProvider clock)
{
    public async Task<SessionCleanupResult> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sessions = await db.SessionData.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var (expired, revoked) = await RefreshTokenStore.DeleteStaleAsync(db, now, cancellationToken);
        var forgetBefore = now.AddHours(-idempotency.Value.RetentionHours);
        var keys = await db.IdempotencyRecords.Where(r => r.CreatedAt < forgetBefore).ExecuteDeleteAsync(cancellationToken);
        return new SessionCleanupResult(sessions, expired, revoked, keys);
    }
}

/// <summary>What one cleanup removed, by kind.</summary>
public sealed record SessionCleanupResult(int Sessions, int ExpiredRefreshTokens, int RevokedRefreshTokens, int IdempotencyKeys)
{
    public int Total => Sessions + ExpiredRefreshTokens + RevokedRefreshTokens + IdempotencyKeys;
}
