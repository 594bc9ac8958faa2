using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// Service accounts for Admins under <c>/admin/service-accounts</c>: create (the secret is in the answer, once), list,
/// rotate the secret (the old one works for the configured overlap) and delete (its tokens fail at their next call).
/// </summary>
public static class ServiceAccountEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapServiceAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin")
            .RequireAuthorization(Policies.Admin)
            .WithTags("Administration")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/service-accounts", ListAsync)
            .WithSummary("Every service account with its roles, facilities, last use and working secrets");
        admin.MapPost("/service-accounts", CreateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DocumentsJsonBody<ServiceAccountInput>()
            .WithSummary("Create a service account: {\"name\": \"...\", \"roles\": [\"Integration\"], \"facilities\": []}; the answer holds its client secret, shown once")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/service-accounts/{clientId}/rotate-secret", RotateSecretAsync)
            .WithSummary("Issue a new client secret; the previous one keeps working until the overlap ends")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/service-accounts/{clientId}", DeleteAsync)
            .WithSummary("Delete a service account; its tokens fail at their next call")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ServiceAccountSummary>>> ListAsync(
        [FromServices] ServiceAccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListAsync(cancellationToken));

    public static async Task<Created<ServiceAccountSecretIssued>> CreateAsync(
        HttpContext context, [FromServices] ServiceAccountService accounts, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(context.Request, cancellationToken));
        var input = body is System.Text.Json.Nodes.JsonObject
            ? JsonBody.Deserialize<ServiceAccountInput>(body)
            : throw JsonBody.Invalid("body", "Send {\"name\": \"...\", \"roles\": [\"Integration\"], \"facilities\": []}.");
        var issued = await accounts.CreateAsync(new NewServiceAccount(input.Name, input.Roles, input.Facilities), AuditActors.From(context), cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, issued);
    }

    public static async Task<Ok<ServiceAccountSecretIssued>> RotateSecretAsync(
        string clientId, HttpContext context, [FromServices] ServiceAccountService accounts, CancellationToken cancellationToken)
    {
        var issued = await accounts.RotateSecretAsync(clientId, AuditActors.From(context), cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(issued);
    }

    public static async Task<NoContent> DeleteAsync(
        string clientId, HttpContext context, [FromServices] ServiceAccountService accounts, CancellationToken cancellationToken)
    {
        await accounts.DeleteAsync(clientId, AuditActors.From(context), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A new service account: its name, roles (Integration when left out) and facilities (every facility when left out).</summary>
    public sealed record ServiceAccountInput(string? Name, IReadOnlyList<string?>? Roles, IReadOnlyList<string?>? Facilities);
}
