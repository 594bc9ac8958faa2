using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Data;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Reconciliation;

/// <summary>
/// The reconciliation on the seed's path (<c>/data/joined_df3</c>: JD Edwards' balance against bakery stock, paged, JSON
/// or CSV) and its history and drill-down under <c>/reconciliation</c>. Any signed-in user reads them.
/// </summary>
public static class ReconciliationEndpoints
{
    public static IEndpointRouteBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/data/joined_df3", JoinedAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .RequireAuthorization(Policies.Read)
            .WithTags("Data")
            .WithSummary("JD Edwards vs bakery: one row per product (or lot), both sides in the product's unit, with variance and status (paged; X-Total-Count; format=csv)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var reconciliation = app.MapGroup("/reconciliation")
            .RequireAuthorization(Policies.Read)
            .WithTags("Reconciliation")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        reconciliation.MapGet("/history", HistoryAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("A product's stored reconciliation snapshots, oldest first, with the cardex runs in that time");
        reconciliation.MapGet("/export", ExportAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("Every line of the filtered reconciliation as a download: format=csv (default) or xlsx")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: ReconciliationExport.XlsxContentType);
        reconciliation.MapGet("/drilldown", DrillDownAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .WithSummary("What lies behind a line: the newest ledger rows and their runs, and the newest movements");
        return app;
    }

    public static async Task<DataPage<ReconciliationRowView>> JoinedAsync(
        ReconciliationService reconciliation,
        IOptions<SiteOptions> site,
        [AsParameters] ReconciliationFilterQuery filter,
        [AsParameters] DataPageQuery page,
        CancellationToken cancellationToken)
    {
        var id = site.Value.FacilityOrDefault(filter.Facility);
        var query = filter.ToQuery();
        return await DataResults.PageAsync(page, $"joined_df3-{id}", async (p, ct) =>
        {
            var report = await reconciliation.GetAsync(id, query, ct);
            return new PagedResult<ReconciliationRowView>([.. report.Rows.Skip(p.Offset).Take(p.Size)], report.Rows.Count);
        }, cancellationToken);
    }

    public static async Task<ReconciliationExport> ExportAsync(
        ReconciliationService reconciliation,
        IOptions<SiteOptions> site,
        [AsParameters] ReconciliationFilterQuery filter,
        [FromQuery] string? format,
        CancellationToken cancellationToken)
    {
        var kind = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "csv" => "csv",
            "xlsx" => "xlsx",
            _ => throw JsonBody.Invalid("format", "format must be csv or xlsx."),
        };
        var id = site.Value.FacilityOrDefault(filter.Facility);
        var report = await reconciliation.GetAsync(id, filter.ToQuery(), cancellationToken);
        return new ReconciliationExport(report.Rows, kind, $"jde-vs-bakery-{id}");
    }

    public static async Task<Ok<ReconciliationHistory>> HistoryAsync(
        ReconciliationService reconciliation, IOptions<SiteOptions> site, [FromQuery] string? facility, [FromQuery] string? product,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(product))
        {
            throw JsonBody.Invalid("product", "product is required: the id of the product whose history to show.");
        }

        var id = site.Value.FacilityOrDefault(facility);
        return TypedResults.Ok(await reconciliation.HistoryAsync(id, product.Trim(), cancellationToken));
    }

    public static async Task<Ok<ReconciliationDrillDown>> DrillDownAsync(
        ReconciliationService reconciliation,
        IOptions<SiteOptions> site,
        [FromQuery] string? facility,
        [FromQuery] string? product,
        [FromQuery] string? item,
        [FromQuery] string? lot,
        CancellationToken cancellationToken)
    {
        int? shortItem = null;
        if (!string.IsNullOrWhiteSpace(item))
        {
            shortItem = int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw JsonBody.Invalid("item", "item must be a JD Edwards short item number (digits only).");
        }

        if (string.IsNullOrWhiteSpace(product) && shortItem is null)
        {
            throw JsonBody.Invalid("product", "Give product (a product id) or item (a JD Edwards short item number).");
        }

        var id = site.Value.FacilityOrDefault(facility);
        return TypedResults.Ok(await reconciliation.DrillDownAsync(id, string.IsNullOrWhiteSpace(product) ? null : product.Trim(), shortItem,
            string.IsNullOrWhiteSpace(lot) ? null : lot.Trim(), cancellationToken));
    }
}
