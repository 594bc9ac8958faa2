using System.Text.Json;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// The OAuth2 client credentials grant of <c>POST /token</c>: <c>grant_type=client_credentials</c> with
/// <c>client_id</c> and <c>client_secret</c> (form fields or the same as JSON) gives a service account's access token.
/// Its <c>sub</c>, <c>name</c> and <c>client_id</c> are the client id; its roles are the account's, and its
/// <c>facilities</c> the facilities it is limited to. A bad client is a 401 with <c>"error": "invalid_client"</c>.
/// Every grant, given or refused, is audited.
/// </summary>
public sealed class ServiceAccountGrant(
    ServiceAccountService accounts,
    AuditLog audit,
    TokenService tokens)
{
    public const string GrantType = "client_credentials";
    public const string ClientIdField = "client_id";
    public const string ClientSecretField = "client_secret";

    private const string GrantTypeField = "grant_type";

    /// <summary>
    /// True when the body asks for this grant. A JSON body is read here and rewound for whichever grant reads it next;
    /// a body that is no JSON object is left to the other grants' own answer.
    /// </summary>
    public static async Task<bool> IsRequestedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form[GrantTypeField] == GrantType;
        }

        if (!request.HasJsonContentType())
        {
            return false;
        }

        request.EnableBuffering();
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty(GrantTypeField, out var grant)
                && grant.ValueKind == JsonValueKind.String
                && grant.ValueEquals(GrantType);
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    public async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        ClientCredentialsRequest? body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            body = new ClientCredentialsRequest(GrantType, form[ClientIdField].ToString(), form[ClientSecretField].ToString());
        }
        else
        {
            try
            {
                body = await request.ReadFromJsonAsync<ClientCredentialsRequest>(cancellationToken);
            }
            catch (JsonException ex)
            {
                var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
                return TypedResults.ValidationProblem(ValidationErrors.Of(field, "Send client_id and client_secret as JSON strings."));
            }
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body?.ClientId))
        {
            errors.Add(ClientIdField, "The client_id field is required.");
        }

        if (string.IsNullOrEmpty(body?.ClientSecret))
        {
            errors.Add(ClientSecretField, "The client_secret field is required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var clientId = body!.ClientId!.Trim();
        var account = await accounts.VerifyAsync(clientId, body.ClientSecret!, address, cancellationToken);
        if (account is null)
        {
            await audit.RecordAsync(new AuditEntry(AuditCategories.Token, "grant", AuditOutcomes.Failure, AuditActor.Anonymous(clientId, address),
                clientId, "Unknown client id or wrong secret.", GrantType), cancellationToken);
            return TypedResults.Problem(
                title: "Authentication failed",
                detail: "Unknown client_id or wrong client_secret.",
                statusCode: StatusCodes.Status401Unauthorized,
                extensions: new Dictionary<string, object?> { ["error"] = "invalid_client" });
        }

        var issued = tokens.CreateForServiceAccount(account.ClientId, account.Roles, account.Facilities);
        await audit.RecordAsync(new AuditEntry(AuditCategories.Token, "grant", AuditOutcomes.Success,
            new AuditActor(account.ClientId, AuditActorKinds.Service, address), account.ClientId, $"Service account {account.Name}", GrantType),
            cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(issued.AccessToken, "bearer", issued.ExpiresInSeconds));
    }
}

/// <summary>The client credentials grant's fields, as form fields or JSON.</summary>
public sealed record ClientCredentialsRequest(
    [property: JsonPropertyName("grant_type")] string? GrantType,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret);
