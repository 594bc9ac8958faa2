using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Identity.Tokens;

/// <summary>
/// Issues, rotates and revokes the opaque refresh tokens of <c>refresh_tokens</c>. The caller holds 256 random bits
/// (base64url); the table holds only their SHA-256, so a copy of the database redeems nothing.
/// </summary>
public sealed class RefreshTokenStore(IDbContextFactory<BakeryOpsDbContext> contexts, TokenLifetimes lifetimes, TimeProvider clock)
{
    /// <summary>Revoked rows are kept this long (an investigation can still see them), then <see cref="DeleteStaleAsync"/> removes them.</summary>
    public static readonly TimeSpan RevokedRetention = TimeSpan.FromDays(7);

    public static class Reasons
    {
        public const string Reuse = "reuse of a rotated token";
        public const string Locked = "account locked";
        public const string RolesChanged = "roles changed";
        public const string PasswordReset = "password reset";
    }

    /// <summary>Starts a new family for a password grant and returns its first token.</summary>
    public async Task<string> IssueAsync(string userId, string? address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = clock.GetUtcNow();
        var (row, token) = NewToken(userId, Guid.NewGuid().ToString(), now + lifetimes.RefreshAbsolute, address, now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>
    /// Uses <paramref name="token"/> once: marks it used and issues its successor in the same family, never past the
    /// family's absolute end. A token already used is a copy in someone else's hands: the whole family is revoked, the
    /// newest token with it, and <see cref="RefreshTokenRefusal.Reused"/> says so.
    /// </summary>
    public async Task<RefreshTokenRedemption> RedeemAsync(string token, string? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (row is null)
        {
            return RefreshTokenRedemption.Refused(RefreshTokenRefusal.Unknown);
        }

        if (row.RevokedAt is not null)
        {
            return RefreshTokenRedemption.Refused(RefreshTokenRefusal.Revoked, row.UserId, row.FamilyId);
        }

        // A family past its absolute end is dead whatever happens to it; a reuse there harms no one.
        if (row.FamilyExpiresAt <= now)
        {
            return RefreshTokenRedemption.Refused(RefreshTokenRefusal.Expired, row.UserId, row.FamilyId);
        }

        if (row.UsedAt is not null)
        {
            return await ReusedAsync(db, row, now, cancellationToken);
        }

        if (row.ExpiresAt <= now)
        {
            return RefreshTokenRedemption.Refused(RefreshTokenRefusal.Expired, row.UserId, row.FamilyId);
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == row.UserId)
            .Select(u => new { u.LockoutEnabled, u.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return RefreshTokenRedemption.Refused(RefreshTokenRefusal.Unknown, row.UserId, row.FamilyId);
        }

        if (user.LockoutEnabled && user.LockoutEnd is { } end && end > now)
        {
            return RefreshTokenRedemption.Refused(RefreshTokenRefusal.UserLocked, row.UserId, row.FamilyId);
        }

        var (successor, opaque) = NewToken(row.UserId, row.FamilyId, row.FamilyExpiresAt, address, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The conditional update is the claim: of two requests with the same token only one changes the row, and the
        // other is treated as the reuse it is.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == row.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now).SetProperty(t => t.ReplacedById, successor.Id), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await ReusedAsync(db, row, now, cancellationToken);
        }

        db.RefreshTokens.Add(successor);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RefreshTokenRedemption.Rotated(row.UserId, row.FamilyId, opaque);
    }

    /// <summary>
    /// Revokes every token of <paramref name="userId"/> in the caller's context, so it commits with the account change
    /// that caused it. Returns how many were revoked.
    /// </summary>
    public static Task<int> RevokeUserAsync(BakeryOpsDbContext db, string userId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), cancellationToken);
    }

    /// <summary>
    /// Deletes tokens that can no longer be redeemed: revoked ones after <see cref="RevokedRetention"/>, and the rows of
    /// families with no live token left (past the absolute end, or the newest token's sliding end has passed).
    /// Used tokens of a live family stay, so their reuse is still recognised.
    /// </summary>
    public static async Task<(int Expired, int Revoked)> DeleteStaleAsync(BakeryOpsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var revokedBefore = now - RevokedRetention;
        var revoked = await db.RefreshTokens.Where(t => t.RevokedAt != null && t.RevokedAt <= revokedBefore).ExecuteDeleteAsync(cancellationToken);
        var expired = await db.RefreshTokens
            .Where(t => t.RevokedAt == null
                        && (t.FamilyExpiresAt <= now
                            || !db.RefreshTokens.Any(o => o.FamilyId == t.FamilyId && o.RevokedAt == null && o.UsedAt == null && o.ExpiresAt > now)))
            .ExecuteDeleteAsync(cancellationToken);
        return (expired, revoked);
    }

    /// <summary>Lower-case hex SHA-256 of the token as the caller sent it, the form <c>refresh_tokens.token_hash</c> holds.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<RefreshTokenRedemption> ReusedAsync(BakeryOpsDbContext db, RefreshToken row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var revoked = await db.RefreshTokens.Where(t => t.FamilyId == row.FamilyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, Reasons.Reuse), cancellationToken);
        return RefreshTokenRedemption.Refused(RefreshTokenRefusal.Reused, row.UserId, row.FamilyId, revoked);
    }

    private (RefreshToken Row, string Token) NewToken(string userId, string familyId, DateTimeOffset familyEnd, string? address, DateTimeOffset now)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var sliding = now + lifetimes.RefreshSliding;
        var row = new RefreshToken
        {
            Id = Guid.NewGuid().ToString(),
            FamilyId = familyId,
            UserId = userId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = sliding < familyEnd ? sliding : familyEnd,
            FamilyExpiresAt = familyEnd,
            CreatedByAddress = address is { Length: > RefreshToken.MaxAddressLength } ? address[..RefreshToken.MaxAddressLength] : address,
        };
        return (row, token);
    }
}
