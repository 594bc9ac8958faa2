using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Analytics;

/// <summary>
/// The pivot engine for external tools: <c>POST /analytics/pivot</c> (JSON, or the flattened table as CSV or XLSX),
/// the datasets it reads, and the rows behind a cell. Any signed-in user may pivot; nothing here writes.
/// </summary>
public static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/analytics")
            .RequireAuthorization(Policies.Read)
            .WithTags("Analytics")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/datasets", (PivotService pivots) => TypedResults.Ok(pivots.Datasets))
            .WithSummary("The datasets a pivot can read, with their fields, types and allowed aggregates");
        group.MapPost("/pivot", PivotAsync)
            .Accepts<PivotRequest>("application/json")
            .Produces<PivotResult>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: PivotExport.XlsxContentType)
            .WithSummary("A server-side pivot: rows, columns, measures, filters and date grouping in; headers, cells, subtotals and totals out (format=csv|xlsx for the flattened table)");
        group.MapPost("/drillthrough", DrillThroughAsync)
            .Accepts<DrillThroughRequest>("application/json")
            .Produces<PivotDrillThrough>()
            .WithSummary("The dataset's rows behind one cell of a pivot (paged with offset and size; newest first)");
        return app;
    }

    public static async Task<IResult> PivotAsync(
        PivotService pivots, HttpRequest request, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        var kind = PivotFormats.Parse(format);
        var body = JsonBody.Deserialize<PivotRequest>(JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken)));
        var result = await pivots.RunAsync(body.ToSpec(), cancellationToken);
        return kind == "json" ? TypedResults.Ok(result) : new PivotExport(result, kind);
    }

    public static async Task<IResult> DrillThroughAsync(PivotService pivots, HttpRequest request, CancellationToken cancellationToken)
    {
        var body = JsonBody.Deserialize<DrillThroughRequest>(JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken)));
        var spec = (body.Spec ?? throw JsonBody.Invalid("spec", "spec is required: the pivot's request, as sent to /analytics/pivot.")).ToSpec();
        return TypedResults.Ok(await pivots.DrillThroughAsync(spec, body.ToKeys(), body.Offset ?? 0, body.Size ?? 100, cancellationToken));
    }
}
