using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// <c>grant_type=refresh_token</c>: redeems a refresh token once for its successor and a new access token with the
/// user's current roles. A second use of a token is recorded as a security event and revokes its whole family.
/// </summary>
public sealed partial class TokenRefreshGrant(
    UserManager<ApplicationUser> users,
    TokenService tokens,
    RefreshTokenStore refreshTokens,
    AuditLog audit,
    ILogger<TokenRefreshGrant> logger)
{
    public async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        TokenRequest body, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
        {
            return TypedResults.ValidationProblem(ValidationErrors.Of("refresh_token", "The refresh_token field is required."));
        }

        var address = context.Connection.RemoteIpAddress?.ToString();
        var redemption = await refreshTokens.RedeemAsync(body.RefreshToken.Trim(), address, cancellationToken);
        var user = redemption.UserId is null ? null : await users.FindByIdAsync(redemption.UserId);
        var name = user?.UserName ?? redemption.UserId;
        if (!redemption.Succeeded || user is null)
        {
            var refusal = redemption.Refusal ?? RefreshTokenRefusal.Unknown;
            if (refusal == RefreshTokenRefusal.Reused)
            {
                LogReuse(logger, name ?? "(unknown)", redemption.FamilyId!, redemption.RevokedCount, address);
                await audit.RecordAsync(new AuditEntry(AuditCategories.Security, "refresh-token-reuse", AuditOutcomes.Denied,
                    AuditActor.Anonymous(name, address), Target: name,
                    Detail: $"A rotated refresh token was used again: family {redemption.FamilyId} revoked ({redemption.RevokedCount} token(s)).",
                    Method: TokenGrantTypes.RefreshToken), cancellationToken);
            }

            await audit.RecordAsync(new AuditEntry(AuditCategories.Token, "grant", AuditOutcomes.Failure, AuditActor.Anonymous(name, address),
                Target: name, Detail: Describe(refusal), Method: TokenGrantTypes.RefreshToken), cancellationToken);
            return TokenGrantErrors.InvalidGrantProblem();
        }

        var issued = tokens.Create(user, await users.GetRolesAsync(user));
        await audit.RecordAsync(new AuditEntry(AuditCategories.Token, "grant", AuditOutcomes.Success,
            new AuditActor(user.UserName ?? user.Id, AuditActorKinds.User, address), Target: user.UserName, Method: TokenGrantTypes.RefreshToken),
            cancellationToken);
        return TypedResults.Ok(new TokenResponse(issued.AccessToken, "bearer", issued.ExpiresInSeconds, redemption.NewToken));
    }

    private static string Describe(RefreshTokenRefusal refusal) => refusal switch
    {
        RefreshTokenRefusal.Expired => "refresh token expired",
        RefreshTokenRefusal.Revoked => "refresh token revoked",
        RefreshTokenRefusal.Reused => "refresh token reused; family revoked",
        RefreshTokenRefusal.UserLocked => "account locked",
        _ => "unknown refresh token",
    };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Security: a rotated refresh token of {UserName} was used again from {ClientAddress}; family {FamilyId} revoked ({RevokedCount} token(s))")]
    private static partial void LogReuse(ILogger logger, string userName, string familyId, int revokedCount, string? clientAddress);
}
