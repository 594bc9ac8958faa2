using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using CsvHelper;

namespace BakeryOps.Portal.Data;

/// <summary>
/// How a <c>/data</c> row type is written as CSV: one column per public property, in declaration order, headed by its
/// JSON name, so the CSV and the JSON of a page carry the same fields under the same names. Values are written
/// exactly and invariantly: decimals as stored (never through a float), instants as ISO 8601, dates as yyyy-MM-dd,
/// booleans as true/false, null as an empty field. Values are not altered for spreadsheets (no formula escaping), so
/// that the file reads back to the same values.
/// </summary>
public static class CsvRows
{
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";
    public const string DateFormat = "yyyy-MM-dd";

    private static readonly CsvWriterOptions Options = new() { NewLine = "\r\n", Injection = CsvInjection.None, WriteByteOrderMark = false };

    /// <summary>The header row of <typeparamref name="TRow"/>: its JSON names, in order.</summary>
    public static IReadOnlyList<string> Header<TRow>() => Columns<TRow>.All.Select(c => c.Name).ToList();

    /// <summary>Writes the header row and <paramref name="rows"/> to <paramref name="stream"/>, which stays open.</summary>
    public static async Task WriteAsync<TRow>(Stream stream, IEnumerable<TRow> rows, CancellationToken cancellationToken)
    {
        var columns = Columns<TRow>.All;
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        csv.WriteHeader(columns.Select(c => c.Name).ToArray());
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                csv.WriteField(column.Text(row) ?? "");
            }

            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>As <see cref="WriteAsync{TRow}(Stream, IEnumerable{TRow}, CancellationToken)"/>, reading the rows as they come (the audit export).</summary>
    public static async Task WriteAsync<TRow>(Stream stream, IAsyncEnumerable<TRow> rows, CancellationToken cancellationToken)
    {
        var columns = Columns<TRow>.All;
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        csv.WriteHeader(columns.Select(c => c.Name).ToArray());
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var column in columns)
            {
                csv.WriteField(column.Text(row) ?? "");
            }

            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>Writes a table whose columns are known only at run time (a pivot's), values formatted as above.</summary>
    public static async Task WriteTableAsync(
        Stream stream, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> lines, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        csv.WriteHeader([.. header]);
        foreach (var line in lines)
        {
            foreach (var value in line)
            {
                csv.WriteField(value switch
                {
                    null => "",
                    bool flag => flag ? "true" : "false",
                    DateTimeOffset instant => instant.ToString(InstantFormat, CultureInfo.InvariantCulture),
                    DateOnly day => day.ToString(DateFormat, CultureInfo.InvariantCulture),
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString() ?? "",
                });
            }

            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private sealed record Column<TRow>(string Name, Func<TRow, string?> Text);

    private static class Columns<TRow>
    {
        public static readonly IReadOnlyList<Column<TRow>> All = typeof(TRow)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(Of)
            .ToList();

        private static Column<TRow> Of(PropertyInfo property)
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Func<object, string> text = type switch
            {
                _ when type == typeof(string) => v => (string)v,
                _ when type == typeof(decimal) => v => ((decimal)v).ToString(CultureInfo.InvariantCulture),
                _ when type == typeof(int) => v => ((int)v).ToString(CultureInfo.InvariantCulture),
                _ when type == typeof(long) => v => ((long)v).ToString(CultureInfo.InvariantCulture),
                _ when type == typeof(bool) => v => (bool)v ? "true" : "false",
                _ when type == typeof(DateTimeOffset) => v => ((DateTimeOffset)v).ToString(InstantFormat, CultureInfo.InvariantCulture),
                _ when type == typeof(DateOnly) => v => ((DateOnly)v).ToString(DateFormat, CultureInfo.InvariantCulture),
                _ when type == typeof(Guid) => v => ((Guid)v).ToString("D"),
                _ => throw new InvalidOperationException(
                    $"{typeof(TRow).Name}.{property.Name} is a {type.Name}: /data rows must be flat (text, numbers, booleans, dates) to be written as CSV."),
            };
            return new Column<TRow>(name, row => property.GetValue(row) is { } value ? text(value) : null);
        }
    }
}
