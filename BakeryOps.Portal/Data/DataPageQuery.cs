using System.ComponentModel;
using BakeryOps.Domain.Paging;
using BakeryOps.Portal.Api;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Data;

/// <summary>
/// The query parameters every <c>/data</c> endpoint shares, bound with <c>[AsParameters]</c> so that each endpoint
/// declares them in its OpenAPI description. Read as text: a bad value is a 400 naming the parameter.
/// </summary>
public sealed record DataPageQuery(
    [FromQuery(Name = "offset"), Description("Rows to skip, 0 or more (default 0).")] string? Offset,
    [FromQuery(Name = "size"), Description("Rows to return, 1 to 1000 (default 100); CSV too.")] string? Size,
    [FromQuery(Name = "format"), Description("json (default) or csv.")] string? Format)
{
    /// <summary>The page and format asked for.</summary>
    /// <exception cref="Domain.Errors.RequestValidationException">offset, size or format is not valid; names it.</exception>
    public (PageRequest Page, DataFormat Format) Parse()
    {
        var (offset, size) = QueryParameters.Page(Offset, Size, DataResults.DefaultSize, DataResults.MaxSize);
        var format = Format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => DataFormat.Json,
            "csv" => DataFormat.Csv,
            _ => throw JsonBody.Invalid("format", "format must be json or csv."),
        };
        return (new PageRequest(offset, size), format);
    }
}
