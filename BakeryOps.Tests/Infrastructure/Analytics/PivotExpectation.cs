using System.Globalization;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Inventory;

namespace BakeryOps.Tests.Infrastructure.Analytics;

/// <summary>
/// The answer a pivot of movements must give, worked out with LINQ to Objects from the rows the test wrote: local dates
/// through TimeZoneInfo and ISOWeek, groups by every prefix of the row and column fields.
/// </summary>
public static class PivotExpectation
{
    public delegate string Dimension((Movement Movement, Product Product) row);

    public static Dimension Field(string name, TimeZoneInfo zone, string? grouping = null) => name switch
    {
        "category" => r => r.Product.ProductCategory,
        "productName" => r => r.Product.ProductName,
        "productId" => r => r.Movement.ProductId,
        "movementType" => r => r.Movement.Type.Code(),
        "source" => r => r.Movement.Source.ToString().ToUpperInvariant(),
        "lotNumber" => r => r.Movement.LotNumber ?? "(null)",
        "createdBy" => r => r.Movement.CreatedBy,
        "adjustmentDate" => r => Bucket(r.Movement.AdjustmentDate, zone, grouping ?? DateGroupings.Day),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static string Bucket(DateTimeOffset instant, TimeZoneInfo zone, string grouping)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime.Date;
        return grouping switch
        {
            DateGroupings.Day => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateGroupings.Week => $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}",
            DateGroupings.Month => local.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            DateGroupings.Quarter => $"{local.Year}-Q{(local.Month + 2) / 3}",
            _ => local.Year.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Every cell, subtotal and total of the result checked against the groups of <paramref name="rows"/>.</summary>
    public static void ShouldMatch(
        PivotResult result,
        IReadOnlyList<(Movement Movement, Product Product)> rows,
        IReadOnlyList<Dimension> rowFields,
        IReadOnlyList<Dimension> columnFields,
        IReadOnlyList<Func<IReadOnlyList<(Movement Movement, Product Product)>, object?>> measures)
    {
        var expectedRows = Keys(rows, rowFields);
        var expectedColumns = Keys(rows, columnFields);
        result.RowHeaders.Select(Text).Should().BeEquivalentTo(rowFields.Count == 0 ? [""] : expectedRows, "every row group and subtotal appears once");
        result.ColumnHeaders.Select(Text).Should().BeEquivalentTo(columnFields.Count == 0 ? [""] : expectedColumns);

        IReadOnlyList<object?> Expected(IReadOnlyList<object?> row, IReadOnlyList<object?> column)
        {
            var members = rows.Where(r => Matches(r, row, rowFields) && Matches(r, column, columnFields)).ToList();
            return members.Count == 0 ? new object?[measures.Count] : [.. measures.Select(m => m(members))];
        }

        for (var r = 0; r < result.RowHeaders.Count; r++)
        {
            for (var c = 0; c < result.ColumnHeaders.Count; c++)
            {
                result.Cells[r][c].Should().Equal(Expected(result.RowHeaders[r], result.ColumnHeaders[c]),
                    $"cell {Text(result.RowHeaders[r])} × {Text(result.ColumnHeaders[c])}");
            }

            result.RowTotals[r].Should().Equal(Expected(result.RowHeaders[r], []), $"the total of row {Text(result.RowHeaders[r])}");
        }

        for (var c = 0; c < result.ColumnHeaders.Count; c++)
        {
            result.ColumnTotals[c].Should().Equal(Expected([], result.ColumnHeaders[c]), $"the total of column {Text(result.ColumnHeaders[c])}");
        }

        result.GrandTotal.Should().Equal(Expected([], []), "the grand total");
    }

    public static string Text(IReadOnlyList<object?> header) => string.Join(" | ", header.Select(v => v?.ToString() ?? "(null)"));

    private static List<string> Keys(IReadOnlyList<(Movement, Product)> rows, IReadOnlyList<Dimension> fields) =>
        [.. Enumerable.Range(1, fields.Count).SelectMany(n => rows.Select(r => string.Join(" | ", fields.Take(n).Select(f => f(r))))).Distinct()];

    private static bool Matches((Movement, Product) row, IReadOnlyList<object?> header, IReadOnlyList<Dimension> fields) =>
        header.Select((v, i) => fields[i](row) == (v?.ToString() ?? "(null)")).All(m => m);
}
