using BakeryOps.Infrastructure.Jobs;

namespace BakeryOps.Infrastructure.Sessions;

/// <summary>The <c>session-cleanup</c> job: one <see cref="SessionCleanup"/> pass recorded in <c>sync_runs</c> with what it removed.</summary>
public sealed class SessionCleanupRunner(SessionCleanup cleanup, SyncRunRecorder recorder)
{
    public const string Job = "session-cleanup";

    public static class Counts
    {
        public const string Sessions = "sessions";
        public const string ExpiredRefreshTokens = "expired_refresh_tokens";
        public const string RevokedRefreshTokens = "revoked_refresh_tokens";
        public const string IdempotencyKeys = "idempotency_keys";
    }

    public Task<SyncRunView> RunAsync(string trigger, CancellationToken cancellationToken) =>
        recorder.RunAsync(Job, trigger, null, async (run, ct) =>
        {
            var removed = await cleanup.DeleteExpiredAsync(ct);
            run.Count(Counts.Sessions, removed.Sessions);
            run.Count(Counts.ExpiredRefreshTokens, removed.ExpiredRefreshTokens);
            run.Count(Counts.RevokedRefreshTokens, removed.RevokedRefreshTokens);
            run.Count(Counts.IdempotencyKeys, removed.IdempotencyKeys);
        }, cancellationToken);
}
