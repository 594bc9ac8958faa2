using System.Globalization;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Data;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Audit;

/// <summary>
/// <c>GET /audit/events</c> (Admin): the audit log filtered, newest first, paged like the <c>/data</c> lists
/// (<c>offset</c>, <c>size</c>, <c>X-Total-Count</c>); <c>format=csv</c> downloads every row the filters select.
/// </summary>
public static class AuditEndpoints
{
    /// <summary>The CSV download's name, without extension.</summary>
    public const string FileName = "audit_events";

    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/audit")
            .RequireAuthorization(Policies.Admin)
            .WithTags("Audit")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        audit.MapGet("/events", EventsAsync)
            .Produces<IReadOnlyList<AuditEventRow>>(StatusCodes.Status200OK, "application/json", "text/csv")
            .WithSummary("Audit events, newest first, filtered by time, category, outcome, actor, target, method and text (paged; X-Total-Count; format=csv exports every selected row)");
        return audit;
    }

    public static async Task<IResult> EventsAsync(
        AuditReader reader,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? category,
        [FromQuery] string? outcome,
        [FromQuery] string? actor,
        [FromQuery] string? target,
        [FromQuery] string? method,
        [FromQuery] string? q,
        [AsParameters] DataPageQuery page,
        CancellationToken cancellationToken)
    {
        var (request, format) = page.Parse();
        var query = new AuditQuery(
            QueryParameters.Instant(from, "from", endOfDay: false), ExclusiveEnd(to), category, outcome, actor, target, method, q).Normalised();
        if (format == DataFormat.Json)
        {
            return new DataPage<AuditEventRow>(await reader.PageAsync(query, request, cancellationToken), format, FileName);
        }

        var total = await reader.CountAsync(query, cancellationToken);
        if (total > AuditReader.MaxExportRows)
        {
            throw JsonBody.Invalid("from", $"The filters select {total} events; an export takes at most {AuditReader.MaxExportRows}. Narrow from and to.");
        }

        return new AuditExport(reader, query, total);
    }

    // "to" is exclusive: a date means up to the end of that day, so the next day starts there.
    private static DateTimeOffset? ExclusiveEnd(string? to) =>
        DateOnly.TryParseExact(to?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : QueryParameters.Instant(to, "to", endOfDay: false);

    /// <summary>Every selected row as CSV, read from the database as it is written.</summary>
    private sealed class AuditExport(AuditReader reader, AuditQuery query, int total) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[DataResults.TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
            return FileDownload.WriteAsync(httpContext, FileName + ".csv", DataPage<AuditEventRow>.CsvContentType,
                (buffer, ct) => CsvRows.WriteAsync(buffer, reader.StreamAsync(query, ct), ct));
        }
    }
}
