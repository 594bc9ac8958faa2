using System.Text.Json;
using System.Text.Json.Serialization;
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
            .WithSummary("Exchange a user name and password, a refresh token, or a service account's client_id and client_secret, for a bearer token")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(
        HttpRequest request,
        ServiceAccountGrant serviceAccounts,
        CancellationToken cancellationToken)
    {
        if (await ServiceAccountGrant.IsRequestedAsync(request, cancellationToken))
        {
            return await serviceAccounts.IssueAsync(request, cancellationToken);
        }

        TokenRequest? body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            body = new TokenRequest(form["username"].ToString(), form["password"].ToString(), form["grant_type"].ToString(), form["refresh_token"].ToString());
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

        // Each grant type has its own handler file; this only picks one.
        body ??= new TokenRequest(null, null);
        var services = request.HttpContext.RequestServices;
        return (string.IsNullOrWhiteSpace(body.GrantType) ? TokenGrantTypes.Password : body.GrantType.Trim()) switch
        {
            TokenGrantTypes.Password => await services.GetRequiredService<TokenPasswordGrant>().HandleAsync(body, request.HttpContext, cancellationToken),
            TokenGrantTypes.RefreshToken => await services.GetRequiredService<TokenRefreshGrant>().HandleAsync(body, request.HttpContext, cancellationToken),
            _ => TokenGrantErrors.UnsupportedGrantTypeProblem(),
        };
    }
}

public sealed record TokenRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("grant_type")] string? GrantType = null,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken = null,
    // Read by ServiceAccountGrant from the raw body; here so the OpenAPI document shows every grant's fields.
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("client_secret")] string? ClientSecret = null);

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null);
