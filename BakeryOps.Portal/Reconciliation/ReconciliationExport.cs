using System.Reflection;
using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Data;
using MiniExcelLibs;

namespace BakeryOps.Portal.Reconciliation;

/// <summary>
/// Every line of a filtered reconciliation as a download: CSV (<see cref="CsvRows"/>, CsvHelper) or an Excel workbook
/// (MiniExcel), headed by the same names as <c>/data/joined_df3</c>'s JSON, quantities as numbers.
/// </summary>
public sealed class ReconciliationExport(IReadOnlyList<ReconciliationRowView> rows, string format, string fileName) : IResult
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly (string Name, PropertyInfo Property)[] Columns = [.. typeof(ReconciliationRowView)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, p))];

    public Task ExecuteAsync(HttpContext httpContext) => FileDownload.WriteAsync(
        httpContext, $"{fileName}.{format}", format == "xlsx" ? XlsxContentType : DataPage<ReconciliationRowView>.CsvContentType,
        async (buffer, ct) =>
        {
            if (format == "xlsx")
            {
                var sheet = rows.Select(row => Columns.ToDictionary(c => c.Name, c => Cell(c.Property.GetValue(row))));
                await MiniExcel.SaveAsAsync(buffer, sheet, sheetName: "JDE vs Bakery", cancellationToken: ct);
            }
            else
            {
                await CsvRows.WriteAsync(buffer, rows, ct);
            }
        });

    // Instants as ISO text: a spreadsheet date would drop the offset.
    private static object? Cell(object? value) => value is DateTimeOffset instant ? instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : value;
}
