using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Sessions;

/// <summary>
/// Removes what no session can use any more: expired <c>session_data</c> rows (the earlier system's
/// <c>/admin/cleanup-sessions</c>) and refresh tokens that can no longer be redeemed (see
/// <see cref="RefreshTokenStore.DeleteStaleAsync"/>).
/// </summary>
public sealed class SessionCleanup(IDbContextFactory<Persistence.BakeryOpsDbContext> contexts, TimeProvider clock)
{
    public async Task<SessionCleanupResult> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sessions = await db.SessionData.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var (expired, revoked) = await RefreshTokenStore.DeleteStaleAsync(db, now, cancellationToken);
        return new SessionCleanupResult(sessions, expired, revoked);
    }
}

/// <summary>What one cleanup removed, by kind.</summary>
public sealed record SessionCleanupResult(int Sessions, int ExpiredRefreshTokens, int RevokedRefreshTokens)
{
    public int Total => Sessions + ExpiredRefreshTokens + RevokedRefreshTokens;
}
