using System.Text.Json;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace BakeryOps.Portal.Identity;

public static class TokenEndpoints
{
    /// <summary><c>POST /token</c>: OAuth2 password style (form fields) or the same fields as JSON.</summary>
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/token", IssueToken)
            .AllowAnonymous()
            .DisableAntiforgery()
            // Described here rather than with Accepts<T>: content-type metadata would make routing answer 415
            // before the anonymous endpoint is chosen, so an unsigned caller would see 401 instead.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(TokenRequest), cancellationToken: cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/x-www-form-urlencoded"] = new() { Schema = schema },
                        ["application/json"] = new() { Schema = schema },
                    },
                };
            })
            .WithTags("Authentication")
            .WithSummary("Exchange a user name and password for a bearer token")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(
        HttpRequest request,
        PasswordSignIn signIns,
        TokenService tokens,
        CancellationToken cancellationToken)
    {
        TokenRequest? body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            body = new TokenRequest(form["username"].ToString(), form["password"].ToString());
        }
        else if (request.HasJsonContentType())
        {
            try
            {
                body = await request.ReadFromJsonAsync<TokenRequest>(cancellationToken);
            }
            catch (JsonException)
            {
                return TypedResults.Problem(
                    title: "Malformed JSON", detail: "The body is not valid JSON of the form {\"username\": \"...\", \"password\": \"...\"}.",
                    statusCode: StatusCodes.Status400BadRequest);
            }
        }
        else
        {
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: "Send application/x-www-form-urlencoded or application/json with username and password.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body?.Username))
        {
            errors.Add("username", "The username field is required.");
        }

        if (string.IsNullOrEmpty(body?.Password))
        {
            errors.Add("password", "The password field is required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // The same check as the sign-in page: a local account with a password, then the directory.
        var result = await signIns.SignInAsync(
            body!.Username!, body.Password!, request.HttpContext.Connection.RemoteIpAddress?.ToString(), PasswordSignInChannel.Token, cancellationToken);
        switch (result.Outcome)
        {
            case PasswordSignInOutcome.LockedOut:
                return InvalidCredentials("The account is locked after repeated failed sign-ins; try again later.");
            case PasswordSignInOutcome.NotAllowed:
                return InvalidCredentials("The account is not allowed to sign in.");
            case PasswordSignInOutcome.DirectoryUnavailable:
                return TypedResults.Problem(
                    title: "Directory unavailable", detail: PasswordSignInResult.DirectoryUnavailableMessage,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            case not PasswordSignInOutcome.Succeeded:
                return InvalidCredentials("Invalid user name or password.");
        }

        var issued = tokens.Create(result.User!, result.Roles ?? []);
        return TypedResults.Ok(new TokenResponse(issued.AccessToken, "bearer", issued.ExpiresInSeconds));
    }

    private static ProblemHttpResult InvalidCredentials(string detail) =>
        TypedResults.Problem(title: "Authentication failed", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
}

public sealed record TokenRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password);

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
