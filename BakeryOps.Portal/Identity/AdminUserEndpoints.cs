using System.Security.Claims;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Portal.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// The Users page as an API for provisioning scripts, under <c>/admin/users</c>, over the same
/// <see cref="UserAdministration"/>: the last active administrator keeps the Admin role and cannot be locked or
/// deleted, and nobody locks or deletes their own account (409). Field errors are 400 naming the JSON field; an unknown
/// user is 404. The Users page has the same path; a browser asking for HTML gets the page.
/// </summary>
public static class AdminUserEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    // UserAdministration's field keys are the C# property names; the API's JSON fields are camelCase.
    private static readonly Dictionary<string, string> JsonFields = new(StringComparer.Ordinal)
    {
        [UserAdminFields.UserName] = "userName",
        [UserAdminFields.DisplayName] = "displayName",
        [UserAdminFields.Password] = "password",
        [UserAdminFields.Roles] = "roles",
    };

    public static IEndpointRouteBuilder MapAdminUserEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin")
            .RequireAuthorization(Policies.Admin)
            .WithTags("Administration")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/users", ListAsync).WithSummary("Every user with roles, lock state and creation time");
        admin.MapPost("/users", CreateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DocumentsJsonBody<NewUserInput>()
            .WithSummary("Create a user: {\"userName\": \"...\", \"password\": \"...\", \"roles\": [\"Viewer\"], \"displayName\": \"...\"}")
            .ProducesValidationProblem();
        admin.MapPut("/users/{userName}/roles", SetRolesAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DocumentsJsonBody<RolesInput>()
            .WithSummary("Replace a user's roles: {\"roles\": [\"Planner\"]} (409 when it would leave no active administrator)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{userName}/lock", LockAsync)
            .WithSummary("Lock a user until unlocked (409 for yourself or the last active administrator)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{userName}/unlock", UnlockAsync)
            .WithSummary("End a user's lockout and clear the failed sign-in count")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/users/{userName}", DeleteAsync)
            .WithSummary("Delete a user (409 for yourself or the last active administrator)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<UserSummary>>> ListAsync([FromServices] UserAdministration users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(cancellationToken));

    public static async Task<Results<Created<UserSummary>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, [FromServices] UserAdministration users, CancellationToken cancellationToken)
    {
        var input = await ReadAsync<NewUserInput>(request, "{\"userName\": \"...\", \"password\": \"...\", \"roles\": [\"Viewer\"]}", cancellationToken);
        var result = await users.CreateAsync(
            new NewUser(input.UserName ?? "", input.DisplayName, input.Password ?? "", Roles(input.Roles)), Acting(user), cancellationToken);
        if (!result.Succeeded)
        {
            return Failure<Created<UserSummary>>(result);
        }

        var userName = input.UserName!.Trim();
        var created = (await users.ListAsync(cancellationToken)).First(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));
        return TypedResults.Created((string?)null, created);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        string userName, HttpRequest request, ClaimsPrincipal user, [FromServices] UserAdministration users, CancellationToken cancellationToken)
    {
        var input = await ReadAsync<RolesInput>(request, "{\"roles\": [\"Viewer\"]}", cancellationToken);
        return Outcome(await users.SetRolesAsync(userName, Roles(input.Roles), Acting(user), cancellationToken));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> LockAsync(
        string userName, ClaimsPrincipal user, [FromServices] UserAdministration users, CancellationToken cancellationToken) =>
        Outcome(await users.LockAsync(userName, Acting(user), cancellationToken));

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UnlockAsync(
        string userName, ClaimsPrincipal user, [FromServices] UserAdministration users, CancellationToken cancellationToken) =>
        Outcome(await users.UnlockAsync(userName, Acting(user), cancellationToken));

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string userName, ClaimsPrincipal user, [FromServices] UserAdministration users, CancellationToken cancellationToken) =>
        Outcome(await users.DeleteAsync(userName, Acting(user), cancellationToken));

    private static string Acting(ClaimsPrincipal user) => user.Identity?.Name ?? "";

    // A null entry is kept so the rule reports it as an unknown role instead of it vanishing.
    private static string[] Roles(IReadOnlyList<string?>? roles) => roles is null ? [] : [.. roles.Select(r => r ?? "null")];

    private static async Task<T> ReadAsync<T>(HttpRequest request, string shape, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken));
        return body is JsonObject ? JsonBody.Deserialize<T>(body) : throw JsonBody.Invalid("body", $"Send {shape}.");
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Outcome(UserAdminResult result) =>
        result.Succeeded ? TypedResults.NoContent() : Failure<NoContent>(result);

    /// <summary>404 for an unknown user, 400 naming the JSON fields for field errors, 409 for a refused rule.</summary>
    private static Results<T, ValidationProblem, ProblemHttpResult> Failure<T>(UserAdminResult result)
        where T : IResult
    {
        var general = string.Join(" ", result.ErrorsFor(UserAdminFields.General));
        if (result.IsNotFound)
        {
            return TypedResults.Problem(title: "Not found", detail: general, statusCode: StatusCodes.Status404NotFound);
        }

        if (result.IsRefused)
        {
            return TypedResults.Problem(title: "Conflict", detail: string.Join(" ", result.Errors.SelectMany(e => e.Value)), statusCode: StatusCodes.Status409Conflict);
        }

        var fields = result.Errors.Where(e => e.Key != UserAdminFields.General).ToDictionary(e => JsonFields.GetValueOrDefault(e.Key, e.Key), e => e.Value);
        if (fields.Count > 0)
        {
            return TypedResults.ValidationProblem(fields, detail: general.Length == 0 ? null : general);
        }

        return TypedResults.Problem(title: "Conflict", detail: general, statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>A new user: a user name, a password that meets the policy, at least one role, and an optional display name.</summary>
    public sealed record NewUserInput(string? UserName, string? Password, IReadOnlyList<string?>? Roles, string? DisplayName);

    /// <summary>The roles a user is to have, replacing the current ones.</summary>
    public sealed record RolesInput(IReadOnlyList<string?>? Roles);
}
