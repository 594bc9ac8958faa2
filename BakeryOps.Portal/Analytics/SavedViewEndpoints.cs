using System.Security.Claims;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Analytics;

/// <summary>
/// Saved pivot views under <c>/analytics/views</c>: every signed-in user lists, reads and saves views; the owner
/// changes and deletes a view, and an Admin deletes a shared one. Another user's private view answers 404.
/// </summary>
public static class SavedViewEndpoints
{
    // A query of SavedPivotView.MaxSpecLength characters, each escaped as \uXXXX in the worst case, with room to spare.
    private const int MaxBodyBytes = 128 * 1024;

    public static IEndpointRouteBuilder MapSavedViewEndpoints(this IEndpointRouteBuilder app)
    {
        // Grouped on /analytics with full paths below: a group's "" pattern would map /analytics/views/ (with the slash),
        // which is not the path the OpenAPI document gives, so callers reading the document would miss it.
        var views = app.MapGroup("/analytics")
            .RequireAuthorization(Policies.Read)
            .WithTags("Analytics")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        views.MapGet("/views", ListAsync)
            .WithSummary("The caller's saved pivot views and every shared one, by name, each with its owner and whether the caller may change or delete it");
        views.MapGet("/views/{id}", GetAsync)
            .WithSummary("One saved pivot view: the caller's own or a shared one")
            .ProducesProblem(StatusCodes.Status404NotFound);
        views.MapPost("/views", CreateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .Accepts<SavedViewInput>("application/json")
            .WithSummary("Save a pivot view: {\"name\": \"...\", \"query\": \"dataset=movements&rows=category\", \"shared\": false} (a name the caller has not used yet)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        views.MapPut("/views/{id}", UpdateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .Accepts<SavedViewInput>("application/json")
            .WithSummary("Replace the name, query and sharing of the caller's own view (403 for a view another user shared)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        views.MapDelete("/views/{id}", DeleteAsync)
            .WithSummary("Delete the caller's own view, or, for Admins, a view another user shared")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SavedPivotViewInfo>>> ListAsync(
        ClaimsPrincipal user, [FromServices] SavedPivotViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(PivotViewUser.From(user), cancellationToken));

    public static async Task<Ok<SavedPivotViewInfo>> GetAsync(
        string id, ClaimsPrincipal user, [FromServices] SavedPivotViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.GetAsync(id, PivotViewUser.From(user), cancellationToken));

    public static async Task<Created<SavedPivotViewInfo>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, [FromServices] SavedPivotViews views, CancellationToken cancellationToken)
    {
        var input = await ReadAsync(request, cancellationToken);
        var view = await views.CreateAsync(input, PivotViewUser.From(user), cancellationToken);
        return TypedResults.Created($"/analytics/views/{view.Id}", view);
    }

    public static async Task<Ok<SavedPivotViewInfo>> UpdateAsync(
        string id, HttpRequest request, ClaimsPrincipal user, [FromServices] SavedPivotViews views, CancellationToken cancellationToken)
    {
        var input = await ReadAsync(request, cancellationToken);
        return TypedResults.Ok(await views.UpdateAsync(id, input, PivotViewUser.From(user), cancellationToken));
    }

    public static async Task<NoContent> DeleteAsync(
        string id, ClaimsPrincipal user, [FromServices] SavedPivotViews views, CancellationToken cancellationToken)
    {
        await views.DeleteAsync(id, PivotViewUser.From(user), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<SavedPivotViewInput> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken));
        if (body is not JsonObject)
        {
            throw JsonBody.Invalid("body", "Send {\"name\": \"...\", \"query\": \"...\", \"shared\": false}.");
        }

        var input = JsonBody.Deserialize<SavedViewInput>(body);
        return new SavedPivotViewInput(input.Name, input.Query, input.Shared ?? false);
    }

    /// <summary>A view as saved: its name, the pivot page's query string, and whether everyone sees it (false when left out).</summary>
    public sealed record SavedViewInput(string? Name, string? Query, bool? Shared);
}
