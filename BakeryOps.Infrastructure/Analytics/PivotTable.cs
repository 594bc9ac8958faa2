using System.Globalization;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// A pivot laid flat for a spreadsheet: the row fields, then one column per column header and measure, then the row
/// totals; a subtotal line carries "Total" after its group's values and the last line is the grand total.
/// </summary>
public static class PivotTable
{
    public const string TotalLabel = "Total";

    public static (IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Lines) Flatten(PivotResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var measures = result.Measures;
        var headers = new List<string>(result.RowFields);
        var hasColumns = result.ColumnFields.Count > 0;
        foreach (var column in result.ColumnHeaders)
        {
            var label = ColumnLabel(column, result.ColumnFields.Count);
            headers.AddRange(measures.Select(m => label.Length == 0 ? m.Label : $"{label} · {m.Label}"));
        }

        if (hasColumns)
        {
            headers.AddRange(measures.Select(m => $"{TotalLabel} · {m.Label}"));
        }

        var lines = new List<IReadOnlyList<object?>>();
        for (var r = 0; r < result.RowHeaders.Count; r++)
        {
            var line = RowLabels(result.RowHeaders[r], result.RowFields.Count);
            foreach (var cell in result.Cells[r])
            {
                line.AddRange(cell.Select(Value));
            }

            if (hasColumns)
            {
                line.AddRange(result.RowTotals[r].Select(Value));
            }

            lines.Add(line);
        }

        if (result.RowFields.Count > 0)
        {
            var total = RowLabels([], result.RowFields.Count);
            foreach (var column in result.ColumnTotals)
            {
                total.AddRange(column.Select(Value));
            }

            if (hasColumns)
            {
                total.AddRange(result.GrandTotal.Select(Value));
            }

            lines.Add(total);
        }

        return (Unique(headers), lines);
    }

    /// <summary>A row's labels padded to the row fields: a subtotal (or the grand total) says "Total" after its values.</summary>
    private static List<object?> RowLabels(IReadOnlyList<object?> header, int fields)
    {
        var labels = new List<object?>(header.Select(Value));
        if (labels.Count < fields)
        {
            labels.Add(TotalLabel);
        }

        while (labels.Count < fields)
        {
            labels.Add(null);
        }

        return labels;
    }

    private static string ColumnLabel(IReadOnlyList<object?> header, int fields)
    {
        var parts = header.Select(v => Convert.ToString(Value(v), CultureInfo.InvariantCulture) ?? "(blank)").ToList();
        if (parts.Count < fields)
        {
            parts.Add(TotalLabel);
        }

        return string.Join(" / ", parts);
    }

    // Instants as ISO text with their offset; dates as ISO dates.
    private static object? Value(object? value) => value switch
    {
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    // Spreadsheet columns need distinct names: a repeated one gets " (2)", " (3)" …
    private static List<string> Unique(List<string> headers)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return [.. headers.Select(h => seen.TryGetValue(h, out var n) ? $"{h} ({seen[h] = n + 1})" : Seen(h))];

        string Seen(string h)
        {
            seen[h] = 1;
            return h;
        }
    }
}
