using System.Security.Claims;
using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// A check of a signed, unexpired portal bearer token against the current state of its principal, run on every request
/// (JwtBearer <c>OnTokenValidated</c>). Each check decides whether it applies: <see cref="UserTokenCheck"/> takes
/// tokens issued to people; the service-account check registers beside it for tokens with a <c>client_id</c> claim.
/// Register with <c>services.AddSingleton&lt;ITokenPrincipalCheck, T&gt;()</c>.
/// </summary>
public interface ITokenPrincipalCheck
{
    /// <summary>Null when the token may be used; otherwise why not (logged, never shown to the caller).</summary>
    ValueTask<string?> RejectAsync(ClaimsPrincipal principal, HttpContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Tokens issued to a user by <c>POST /token</c>: refused once the user is deleted or their security stamp changed
/// (lock, role change, password reset), within <c>Jwt:RevocationCheckSeconds</c>. Tokens of service accounts
/// (<see cref="ClaimNames.ClientId"/>) and of other issuers are left to their own checks.
/// </summary>
public sealed class UserTokenCheck(UserStampCheck stamps, IOptions<JwtOptions> jwt) : ITokenPrincipalCheck
{
    public async ValueTask<string?> RejectAsync(ClaimsPrincipal principal, HttpContext context, CancellationToken cancellationToken)
    {
        if (principal.HasClaim(c => c.Type == ClaimNames.ClientId)
            || principal.FindFirst(JwtRegisteredClaimNames.Iss)?.Value != jwt.Value.Issuer)
        {
            return null;
        }

        var userId = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var stamp = principal.FindFirst(ClaimNames.SecurityStamp)?.Value;
        if (userId is null || stamp is null)
        {
            return "the token has no user or security stamp (issued before revocation checks)";
        }

        return await stamps.IsCurrentAsync(userId, stamp, cached: true, cancellationToken)
            ? null
            : "the user was locked, deleted, changed roles or had the password reset after the token was issued";
    }
}

/// <summary>The JwtBearer hook that runs every <see cref="ITokenPrincipalCheck"/>; the first refusal fails the request with 401.</summary>
public static partial class TokenPrincipalValidation
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        if (context.Principal is not { } principal)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        foreach (var check in services.GetServices<ITokenPrincipalCheck>())
        {
            if (await check.RejectAsync(principal, context.HttpContext, context.HttpContext.RequestAborted) is { } reason)
            {
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenPrincipalValidation));
                LogRefused(logger, principal.FindFirst(ClaimNames.ClientId)?.Value ?? principal.Identity?.Name ?? "(unnamed)", reason);
                context.Fail($"The token was revoked: {reason}.");
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token of {Principal} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string principal, string reason);
}
