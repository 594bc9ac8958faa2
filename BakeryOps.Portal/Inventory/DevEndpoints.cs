using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Inventory;

/// <summary>Sample data and the self-test: any signed-in user in Development, Admins elsewhere.</summary>
public static class DevEndpoints
{
    public static IEndpointRouteBuilder MapDevEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bakeryops/facilities/{facility_id}/batch-data", LoadFacilitySampleData)
            .RequireAuthorization(Policies.DevTools)
            .AddEndpointFilter<ServiceAccountFacilityFilter>()
            .WithTags("Bakery Operations")
            .WithSummary("Load the sample bakery into one facility (idempotent)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var dev = app.MapGroup("/dev").RequireAuthorization(Policies.DevTools).WithTags("Development")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        dev.MapPost("/initialize-sample-data", LoadAllSampleData).WithSummary("Load the sample bakery into every facility (idempotent)");
        dev.MapGet("/test-internal-bakery-ops", RunSelfTest).WithSummary("Exercise every /bakeryops endpoint on a scratch facility");
        return app;
    }

    public static async Task<Ok<SampleDataResponse>> LoadFacilitySampleData(
        [FromRoute(Name = "facility_id")] string facilityId, SampleDataLoader loader, CancellationToken cancellationToken) =>
        TypedResults.Ok(SampleDataResponse.From(await loader.LoadAsync(facilityId, cancellationToken)));

    public static async Task<Ok<SampleDataResponse>> LoadAllSampleData(SampleDataLoader loader, CancellationToken cancellationToken) =>
        TypedResults.Ok(SampleDataResponse.From(await loader.LoadAsync(null, cancellationToken)));

    public static async Task<Ok<SelfTestReport>> RunSelfTest(HttpContext context, BakeryOpsSelfTest selfTest, CancellationToken cancellationToken) =>
        TypedResults.Ok(await selfTest.RunAsync(context.User, cancellationToken));
}

/// <summary>The earlier system's batch-data answer (<c>success</c>, <c>message</c>, <c>products_added</c>, <c>movements_added</c>) with the detail.</summary>
public sealed record SampleDataResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("facilities")] IReadOnlyList<string> Facilities,
    [property: JsonPropertyName("facilities_added")] int FacilitiesAdded,
    [property: JsonPropertyName("products_added")] int ProductsAdded,
    [property: JsonPropertyName("batches_added")] int BatchesAdded,
    [property: JsonPropertyName("movements_added")] int MovementsAdded)
{
    public static SampleDataResponse From(SampleDataLoadResult result) => new(
        true,
        result.ProductsCreated == 0 ? "The sample data was already loaded." : "Sample data loaded.",
        result.FacilityIds, result.FacilitiesCreated, result.ProductsCreated, result.BatchesCreated, result.MovementsCreated);
}
