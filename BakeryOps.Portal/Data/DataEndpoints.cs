using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Data;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Data;

/// <summary>
/// The seed's <c>/data</c> read endpoints: flat rows of one facility (the default facility unless <c>facility</c> is
/// given), paged, as JSON or CSV (<see cref="DataResults"/>).
/// </summary>
public static class DataEndpoints
{
    public static RouteGroupBuilder MapDataEndpoints(this IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("/data")
            .RequireAuthorization(Policies.Read)
            .WithTags("Data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        data.MapGet("/jde_item_master_review", ItemMasterReviewAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("The item master review as flat rows: one per difference (new, changed, gone; blocked ones with the reason)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        data.MapGet("/df_bakery_ops_expanded", ExpandedProductsAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("Products with their batches, conversions and JD Edwards link: one row per batch (paged; X-Total-Count; format=csv)");
        data.MapGet("/internal_bakery_ops_expanded", ExpandedMovementsAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("Movements with their product and JD Edwards keys, by date (paged; X-Total-Count; format=csv)");
        return data;
    }

    public static Task<DataPage<ItemMasterReviewRow>> ItemMasterReviewAsync(
        DataViews views, IOptions<SiteOptions> site, [FromQuery] string? facility, [AsParameters] DataPageQuery page, CancellationToken cancellationToken)
    {
        var id = site.Value.FacilityOrDefault(facility);
        return DataResults.PageAsync(page, $"jde_item_master_review-{id}", (p, ct) => views.ItemMasterReviewAsync(id, p, ct), cancellationToken);
    }

    public static Task<DataPage<ExpandedProductRow>> ExpandedProductsAsync(
        DataViews views, IOptions<SiteOptions> site, [FromQuery] string? facility, [AsParameters] DataPageQuery page, CancellationToken cancellationToken)
    {
        var id = site.Value.FacilityOrDefault(facility);
        return DataResults.PageAsync(page, $"df_bakery_ops_expanded-{id}", (p, ct) => views.ExpandedProductsAsync(id, p, ct), cancellationToken);
    }

    public static Task<DataPage<ExpandedMovementRow>> ExpandedMovementsAsync(
        DataViews views,
        IOptions<SiteOptions> site,
        [FromQuery] string? facility,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? productId,
        [FromQuery] string? type,
        [AsParameters] DataPageQuery page,
        CancellationToken cancellationToken)
    {
        var id = site.Value.FacilityOrDefault(facility);
        var filter = new MovementRowFilter(
            QueryParameters.Instant(from, "from", endOfDay: false),
            QueryParameters.Instant(to, "to", endOfDay: true),
            productId,
            string.IsNullOrWhiteSpace(type) ? null
            : MovementTypes.TryParse(type, out var parsed) ? parsed
            : throw JsonBody.Invalid("type", $"'{type}' is not one of RECEIPT, USAGE, ADJUSTMENT, WASTE, TRANSFER."));
        return DataResults.PageAsync(page, $"internal_bakery_ops_expanded-{id}", (p, ct) => views.ExpandedMovementsAsync(id, filter, p, ct), cancellationToken);
    }
}
