using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Portal.Data;
using MiniExcelLibs;

namespace BakeryOps.Portal.Analytics;

/// <summary>
/// A pivot as a download, laid flat by <see cref="PivotTable"/>: CSV through CsvHelper or an Excel sheet through
/// MiniExcel, quantities as numbers and the same values as the JSON.
/// </summary>
public sealed class PivotExport(PivotResult result, string format) : IResult
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var (headers, lines) = PivotTable.Flatten(result);
        return FileDownload.WriteAsync(
            httpContext, $"pivot-{result.Dataset}.{format}", format == "xlsx" ? XlsxContentType : DataPage<object>.CsvContentType,
            async (buffer, ct) =>
            {
                if (format == "xlsx")
                {
                    var sheet = lines.Select(line => headers.Select((h, i) => (h, line[i])).ToDictionary(c => c.h, c => c.Item2));
                    await MiniExcel.SaveAsAsync(buffer, sheet, sheetName: "Pivot", cancellationToken: ct);
                }
                else
                {
                    await CsvRows.WriteTableAsync(buffer, headers, lines, ct);
                }
            });
    }
}
