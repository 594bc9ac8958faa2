using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Sync;

/// <summary>The JD Edwards → bakery sync's quarantine under <c>/sync</c>: what waits and why, and retrying it after a fix.</summary>
public static class SyncEndpoints
{
    public static RouteGroupBuilder MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        var sync = app.MapGroup("/sync")
            .RequireAuthorization(Policies.Read)
            .WithTags("Sync")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        sync.MapGet("/quarantine", ListQuarantineAsync)
            .LimitsServiceAccountsByFacilityQuery(defaultsToSiteFacility: false)
            .WithSummary("Ledger rows waiting in the quarantine, with the reason (paged; X-Total-Count header)")
            .ProducesValidationProblem();
        sync.MapPost("/quarantine/retry", RetryAsync)
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Apply quarantined rows again after a fix: the ids given, or every open row of a reason, or all of the facility")
            .Accepts<RetryRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return sync;
    }

    public static async Task<Ok<IReadOnlyList<QuarantineView>>> ListQuarantineAsync(
        QuarantineCatalog catalog, HttpResponse response, [FromQuery] string? facility, [FromQuery] string? reason,
        [FromQuery] bool? includeResolved, [FromQuery] string? offset, [FromQuery] string? size, CancellationToken cancellationToken)
    {
        var (skip, take) = QueryParameters.Page(offset, size, 100, 1000);
        var page = await catalog.ListAsync(facility?.Trim(), Reason(reason), includeResolved ?? false, skip, take, cancellationToken);
        response.Headers["X-Total-Count"] = page.TotalCount.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Items);
    }

    public static async Task<Ok<SyncRunView>> RetryAsync(
        HttpContext context, CardexSyncRunner runner, InventoryService inventory, IOptions<SiteOptions> site, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(context.Request, cancellationToken)) as JsonObject
            ?? throw JsonBody.Invalid("body", "Send a JSON object such as {\"facility\":\"default_facility\",\"reason\":\"unknown_item\"}.");
        var request = JsonBody.Deserialize<RetryRequest>(body);
        var facility = site.Value.FacilityOrDefault(request.Facility);
        ServiceAccountFacilityFilter.EnsureAllowed(context.User, facility);
        await inventory.GetFacilityAsync(facility, cancellationToken);
        var caller = $"retry by {context.User.Identity?.Name ?? "api"}";
        return TypedResults.Ok(await runner.RetryAsync(facility, request.Ids, Reason(request.Reason), caller, cancellationToken));
    }

    private static QuarantineReason? Reason(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null
        : QuarantineReasons.TryParse(code, out var reason) ? reason
        : throw JsonBody.Invalid("reason", "reason must be one of unknown_item, unknown_document_type, unit_not_convertible, below_zero.");
}

/// <summary>Which quarantined rows to retry: by id, or every open row of a reason, or (neither) all of the facility.</summary>
public sealed record RetryRequest(
    [property: JsonPropertyName("facility")] string? Facility,
    [property: JsonPropertyName("ids")] IReadOnlyList<Guid>? Ids,
    [property: JsonPropertyName("reason")] string? Reason);
