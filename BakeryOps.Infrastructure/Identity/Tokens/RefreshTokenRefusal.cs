namespace BakeryOps.Infrastructure.Identity.Tokens;

/// <summary>Why a refresh token was not redeemed. Each becomes OAuth's <c>invalid_grant</c> for the caller.</summary>
public enum RefreshTokenRefusal
{
    Unknown,
    Expired,
    Revoked,

    /// <summary>The token was already used (rotated): it was copied, so its whole family has been revoked.</summary>
    Reused,

    /// <summary>The account is locked; it may not refresh until unlocked.</summary>
    UserLocked,
}

/// <summary>
/// The outcome of <see cref="RefreshTokenStore.RedeemAsync"/>: the successor token and its user, or the refusal with the
/// user and family when the token was found.
/// </summary>
public sealed record RefreshTokenRedemption(
    RefreshTokenRefusal? Refusal, string? UserId, string? FamilyId, string? NewToken, int RevokedCount = 0)
{
    public bool Succeeded => Refusal is null;

    public static RefreshTokenRedemption Rotated(string userId, string familyId, string newToken) => new(null, userId, familyId, newToken);

    public static RefreshTokenRedemption Refused(RefreshTokenRefusal refusal, string? userId = null, string? familyId = null, int revoked = 0) =>
        new(refusal, userId, familyId, null, revoked);
}
