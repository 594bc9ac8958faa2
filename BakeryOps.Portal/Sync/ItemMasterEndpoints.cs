using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Sync;

/// <summary>The item master review under <c>/jobs/item-master</c>: the differences with JD Edwards, and applying selected ones.</summary>
public static class ItemMasterEndpoints
{
    public static RouteGroupBuilder MapItemMasterEndpoints(this IEndpointRouteBuilder app)
    {
        var itemMaster = app.MapGroup("/jobs/item-master")
            .RequireAuthorization(Policies.Read)
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        itemMaster.MapGet("/review", ReviewAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("The differences between the JD Edwards item master (as last pulled) and a facility's products: new, changed per attribute, gone")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        itemMaster.MapPost("/apply", ApplyAsync)
            .RequireAuthorization(Policies.Plan)
            .WithSummary("Apply selected review rows by 2nd item number: create or update products; archive gone ones only with archiveMissing")
            .Accepts<ItemMasterApplyRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return itemMaster;
    }

    public static async Task<Ok<ItemMasterReviewView>> ReviewAsync(
        ItemMasterReviews reviews, IOptions<SiteOptions> site, [FromQuery] string? facility, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reviews.ReviewAsync(site.Value.FacilityOrDefault(facility), cancellationToken));

    public static async Task<Ok<ItemMasterApplyResult>> ApplyAsync(
        HttpContext context, ItemMasterSyncRunner runner, IOptions<SiteOptions> site, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(context.Request, cancellationToken)) as JsonObject
            ?? throw JsonBody.Invalid("body", "Send a JSON object such as {\"facility\":\"default_facility\",\"items\":[\"B_FLOUR_T55\"],\"archiveMissing\":false}.");
        var request = JsonBody.Deserialize<ItemMasterApplyRequest>(body);
        var facility = ItemMasterReviews.CheckFacilityId(site.Value.FacilityOrDefault(request.Facility));
        ServiceAccountFacilityFilter.EnsureAllowed(context.User, facility);
        var appliedBy = context.User.Identity?.Name ?? "api";
        return TypedResults.Ok(await runner.ApplyAsync(facility, request.Items, request.ArchiveMissing ?? false, appliedBy, cancellationToken));
    }
}

/// <summary>
/// Which review rows to apply: <c>items</c> are the review's <c>item</c> values (JD Edwards 2nd item numbers, LITM); a
/// gone item's product is archived only with <c>archiveMissing</c> true.
/// </summary>
public sealed record ItemMasterApplyRequest(
    [property: JsonPropertyName("facility")] string? Facility,
    [property: JsonPropertyName("items")] IReadOnlyList<string?>? Items,
    [property: JsonPropertyName("archiveMissing")] bool? ArchiveMissing);
