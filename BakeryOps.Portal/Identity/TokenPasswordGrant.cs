using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// <c>grant_type=password</c> (or none): a user name and password for an access token and the first refresh token of a
/// new family. The password is checked as on the sign-in page (<see cref="PasswordSignIn"/>): a local account first,
/// then the directory. Each grant writes one audit row: here for local accounts, in <see cref="PasswordSignIn"/> for
/// directory ones (method <c>ldap</c>).
/// </summary>
public sealed class TokenPasswordGrant(
    PasswordSignIn signIns,
    TokenService tokens,
    RefreshTokenStore refreshTokens,
    AuditLog audit)
{
    /// <summary>The audit action of every token grant (the method says which grant).</summary>
    public const string TokenGrantAuditAction = "grant";

    public async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        TokenRequest body, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body.Username))
        {
            errors.Add("username", "The username field is required.");
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            errors.Add("password", "The password field is required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var address = context.Connection.RemoteIpAddress?.ToString();
        var result = await signIns.SignInAsync(body.Username!, body.Password!, address, PasswordSignInChannel.Token, cancellationToken);
        var local = result.Method == PasswordSignInResult.LocalMethod;
        switch (result.Outcome)
        {
            case PasswordSignInOutcome.LockedOut:
                return await RefusedAsync(body, address, local, "The account is locked after repeated failed sign-ins; try again later.", "locked out", cancellationToken);
            case PasswordSignInOutcome.NotAllowed:
                return await RefusedAsync(body, address, local, "The account is not allowed to sign in.", "not allowed", cancellationToken);
            case PasswordSignInOutcome.DirectoryUnavailable:
                return TypedResults.Problem(
                    title: "Directory unavailable", detail: PasswordSignInResult.DirectoryUnavailableMessage,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            case not PasswordSignInOutcome.Succeeded:
                return await RefusedAsync(body, address, local, "Invalid user name or password.", "invalid user name or password", cancellationToken);
        }

        var user = result.User!;
        var issued = tokens.Create(user, result.Roles ?? []);
        var refresh = await refreshTokens.IssueAsync(user.Id, address, cancellationToken);
        if (local)
        {
            await audit.RecordAsync(new AuditEntry(AuditCategories.Token, TokenGrantAuditAction, AuditOutcomes.Success,
                new AuditActor(user.UserName ?? user.Id, AuditActorKinds.User, address), Target: user.UserName, Method: TokenGrantTypes.Password),
                cancellationToken);
        }

        return TypedResults.Ok(new TokenResponse(issued.AccessToken, "bearer", issued.ExpiresInSeconds, refresh));
    }

    private async Task<ProblemHttpResult> RefusedAsync(
        TokenRequest body, string? address, bool local, string detail, string reason, CancellationToken cancellationToken)
    {
        if (local)
        {
            await audit.RecordAsync(new AuditEntry(AuditCategories.Token, TokenGrantAuditAction, AuditOutcomes.Failure,
                AuditActor.Anonymous(body.Username, address), Target: body.Username, Detail: reason, Method: TokenGrantTypes.Password),
                cancellationToken);
        }

        return TypedResults.Problem(title: "Authentication failed", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
    }
}
