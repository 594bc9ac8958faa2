using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Portal.Data;
using MiniExcelLibs;
using Microsoft.Net.Http.Headers;

namespace BakeryOps.Portal.Analytics;

/// <summary>
/// A pivot as a download, laid flat by <see cref="PivotTable"/>: CSV through CsvHelper or an Excel sheet through
/// MiniExcel, quantities as numbers and the same values as the JSON.
/// </summary>
public sealed class PivotExport(PivotResult result, string format) : IResult
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var (headers, lines) = PivotTable.Flatten(result);
        var response = httpContext.Response;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"pivot-{result.Dataset}.{format}");
        response.Headers.ContentDisposition = disposition.ToString();
        response.ContentType = format == "xlsx" ? XlsxContentType : DataPage<object>.CsvContentType;
        // Written to memory first: neither writer may flush synchronously into the response body.
        using var buffer = new MemoryStream();
        if (format == "xlsx")
        {
            var sheet = lines.Select(line => headers.Select((h, i) => (h, line[i])).ToDictionary(c => c.h, c => c.Item2));
            await MiniExcel.SaveAsAsync(buffer, sheet, sheetName: "Pivot", cancellationToken: httpContext.RequestAborted);
        }
        else
        {
            await CsvRows.WriteTableAsync(buffer, headers, lines, httpContext.RequestAborted);
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, httpContext.RequestAborted);
    }
}
