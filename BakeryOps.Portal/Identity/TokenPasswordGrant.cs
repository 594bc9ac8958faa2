using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace BakeryOps.Portal.Identity;

/// <summary><c>grant_type=password</c> (or none): a user name and password for an access token and the first refresh token of a new family.</summary>
public sealed class TokenPasswordGrant(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    TokenService tokens,
    RefreshTokenStore refreshTokens,
    AuditLog audit)
{
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

        var user = await users.FindByNameAsync(body.Username!);
        if (user is null)
        {
            return await RefusedAsync(body, context, "Invalid user name or password.", "unknown user", cancellationToken);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, body.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return await RefusedAsync(body, context, "The account is locked after repeated failed sign-ins; try again later.", "locked out", cancellationToken);
        }

        if (!result.Succeeded)
        {
            return await RefusedAsync(body, context,
                result.IsNotAllowed ? "The account is not allowed to sign in." : "Invalid user name or password.",
                result.IsNotAllowed ? "not allowed" : "wrong password", cancellationToken);
        }

        var address = context.Connection.RemoteIpAddress?.ToString();
        var issued = tokens.Create(user, await users.GetRolesAsync(user));
        var refresh = await refreshTokens.IssueAsync(user.Id, address, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditCategories.Token, "grant", AuditOutcomes.Success,
            new AuditActor(user.UserName ?? user.Id, AuditActorKinds.User, address), Target: user.UserName, Method: TokenGrantTypes.Password),
            cancellationToken);
        return TypedResults.Ok(new TokenResponse(issued.AccessToken, "bearer", issued.ExpiresInSeconds, refresh));
    }

    private async Task<ProblemHttpResult> RefusedAsync(TokenRequest body, HttpContext context, string detail, string reason, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(new AuditEntry(AuditCategories.Token, "grant", AuditOutcomes.Failure,
            AuditActor.Anonymous(body.Username, context.Connection.RemoteIpAddress?.ToString()), Target: body.Username, Detail: reason,
            Method: TokenGrantTypes.Password), cancellationToken);
        return TypedResults.Problem(title: "Authentication failed", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
    }
}
