using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Identity.Tokens;

/// <summary>
/// Whether a token's copy of a user's Identity security stamp is still the stored one. Identity renews the stamp on a
/// password change; <see cref="UserAdministration"/> also renews it on lock and role changes, and a deleted user has none,
/// so a token issued before any of these stops working. Reads are cached for <see cref="TokenLifetimes.RevocationCheck"/>
/// per user so a busy API caller does not cost a query per request; the cache holds one small entry per account seen.
/// </summary>
/// <remarks>
/// Tokens carry <see cref="HashStamp"/> of the stamp, not the stamp itself: Identity's TOTP codes are derived from the
/// stamp, and a JWT is readable by whoever holds it.
/// </remarks>
public sealed class UserStampCheck
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IDbContextFactory<BakeryOpsDbContext> _contexts;
    private readonly TokenLifetimes _lifetimes;
    private readonly TimeProvider _clock;

    public UserStampCheck(IDbContextFactory<BakeryOpsDbContext> contexts, TokenLifetimes lifetimes, TimeProvider clock, UserRevocations revocations)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        _contexts = contexts;
        _lifetimes = lifetimes;
        _clock = clock;
        // A change made on this node takes effect here at once; other nodes see it when their entry runs out.
        revocations.Revoked += userId => _entries.TryRemove(userId, out _);
    }

    /// <summary>
    /// True when <paramref name="userId"/> exists and its stamp hashes to <paramref name="stampHash"/>. With
    /// <paramref name="cached"/> off the database is read now (the circuit check, which has its own interval).
    /// </summary>
    public async ValueTask<bool> IsCurrentAsync(string userId, string? stampHash, bool cached, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(stampHash))
        {
            return false;
        }

        var now = _clock.GetUtcNow();
        if (!cached || !_entries.TryGetValue(userId, out var entry) || now - entry.ReadAt >= _lifetimes.RevocationCheck)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var found = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp }).SingleOrDefaultAsync(cancellationToken);
            entry = new Entry(found is null ? null : HashStamp(found.SecurityStamp), now);
            _entries[userId] = entry;
        }

        return entry.StampHash is not null && string.Equals(entry.StampHash, stampHash, StringComparison.Ordinal);
    }

    /// <summary>Base64url SHA-256 of the stamp: what access tokens carry.</summary>
    public static string HashStamp(string? stamp) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(stamp ?? "")));

    private sealed record Entry(string? StampHash, DateTimeOffset ReadAt);
}
