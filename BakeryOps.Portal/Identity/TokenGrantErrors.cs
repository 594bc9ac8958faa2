using Microsoft.AspNetCore.Http.HttpResults;

namespace BakeryOps.Portal.Identity;

/// <summary>The OAuth 2 error answers of <c>POST /token</c> as ProblemDetails, with OAuth's <c>error</c> code beside them (RFC 6749 §5.2).</summary>
public static class TokenGrantErrors
{
    public const string InvalidGrant = "invalid_grant";
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>400 for a refresh token that is unknown, expired, revoked, reused or whose account may not refresh; the words never say which.</summary>
    public static ProblemHttpResult InvalidGrantProblem() => Problem(
        InvalidGrant, "Invalid grant", "The refresh token is invalid, expired or revoked. Sign in again with a user name and password.");

    // The value sent is not echoed: it is the caller's text, and the answer only needs to list what works.
    public static ProblemHttpResult UnsupportedGrantTypeProblem() => Problem(
        UnsupportedGrantType, "Unsupported grant type", $"grant_type must be one of: {string.Join(", ", TokenGrantTypes.All)}.");

    private static ProblemHttpResult Problem(string error, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["error"] = error });
}

/// <summary>The <c>grant_type</c> values <c>POST /token</c> accepts; a request without one is a password grant.</summary>
public static class TokenGrantTypes
{
    public const string Password = "password";
    public const string RefreshToken = "refresh_token";

    public const string ClientCredentials = "client_credentials";

    public static List<string> All { get; } = [Password, RefreshToken, ClientCredentials];
}
