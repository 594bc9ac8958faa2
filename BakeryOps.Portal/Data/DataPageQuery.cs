using BakeryOps.Domain.Paging;
using BakeryOps.Portal.Api;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Data;

/// <summary>
/// The query parameters every <c>/data</c> endpoint shares, bound with <c>[AsParameters]</c> so that each endpoint
/// declares them in its OpenAPI description. Read as text: a bad value is a 400 naming the parameter.
/// </summary>
/// <param name="Offset">Rows to skip, 0 or more (default 0).</param>
/// <param name="Size">Rows to return, 1 to <see cref="DataResults.MaxSize"/> (default <see cref="DataResults.DefaultSize"/>), CSV too.</param>
/// <param name="Format"><c>json</c> (the default) or <c>csv</c>.</param>
// No [Description] on these: the OpenAPI generator fails on attributes of [AsParameters] constructor parameters
// (InvalidCastException from Attribute[] in .NET 10), and /openapi/v1.json answers 500.
public sealed record DataPageQuery(
    [FromQuery(Name = "offset")] string? Offset,
    [FromQuery(Name = "size")] string? Size,
    [FromQuery(Name = "format")] string? Format)
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
