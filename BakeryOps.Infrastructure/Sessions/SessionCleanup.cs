using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Sessions;

/// <summary>Removes expired <c>session_data</c> rows (the earlier system's <c>/admin/cleanup-sessions</c>).</summary>
public sealed class SessionCleanup(IDbContextFactory<Persistence.BakeryOpsDbContext> contexts, TimeProvider clock)
{
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SessionData.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
