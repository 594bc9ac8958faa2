using System.Globalization;
using System.Reflection;
using BakeryOps.Domain.Paging;
using Microsoft.AspNetCore.Http.Metadata;

namespace BakeryOps.Portal.Data;

/// <summary>
/// One page of a <c>/data</c> list: a JSON array, or CSV with a header row named as the JSON fields, and the whole
/// list's count in <c>X-Total-Count</c> either way. <typeparamref name="TRow"/> must be flat (see <see cref="CsvRows"/>).
/// </summary>
public sealed class DataPage<TRow>(PagedResult<TRow> page, DataFormat format, string fileName) : IResult, IEndpointMetadataProvider
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public PagedResult<TRow> Page => page;
    public DataFormat Format => format;
    public string FileName => fileName;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers[DataResults.TotalCountHeader] = page.TotalCount.ToString(CultureInfo.InvariantCulture);
        if (format == DataFormat.Json)
        {
            await TypedResults.Ok(page.Items).ExecuteAsync(httpContext);
            return;
        }

        // A page is at most DataResults.MaxSize rows.
        await FileDownload.WriteAsync(httpContext, fileName + ".csv", CsvContentType, (buffer, ct) => CsvRows.WriteAsync(buffer, page.Items, ct));
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(IReadOnlyList<TRow>), ["application/json", "text/csv"]));
    }
}
