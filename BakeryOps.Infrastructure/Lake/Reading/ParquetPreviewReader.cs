using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace BakeryOps.Infrastructure.Lake.Reading;

/// <summary>
/// The first rows of a Parquet file as JSON values: decimals as strings with the column's scale (exact for any
/// client, never rounded through a double), dates as yyyy-MM-dd, timestamps as ISO 8601 UTC, binary as base64.
/// Reads one row group at a time, so memory follows the writer's row-group size, not the file's.
/// </summary>
internal static class ParquetPreviewReader
{
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true };

    public static async Task<LakePreview> ReadAsync(string key, Stream seekable, int rows, CancellationToken cancellationToken)
    {
        List<LakePreviewColumn> columns;
        Dictionary<string, int> scales;
        long totalRows;
        int rowGroups;
        await using (var reader = await ParquetReader.CreateAsync(seekable, Options, leaveStreamOpen: true, cancellationToken: cancellationToken))
        {
            columns = [.. reader.Schema.Fields.Select(f => new LakePreviewColumn(f.Name, TypeOf(f)))];
            scales = reader.Schema.Fields.OfType<DecimalDataField>().ToDictionary(f => f.Name, f => f.Scale, StringComparer.Ordinal);
            totalRows = reader.Metadata?.NumRows ?? reader.RowGroups.Sum(g => g.RowCount);
            rowGroups = reader.RowGroupCount;
        }

        var result = new List<JsonObject>(Math.Min(rows, (int)Math.Min(totalRows, int.MaxValue)));
        for (var group = 0; group < rowGroups && result.Count < rows; group++)
        {
            seekable.Position = 0;
            var data = await ParquetSerializer.DeserializeUntypedAsync(seekable, Options, group, cancellationToken);
            foreach (var record in data.Data)
            {
                if (result.Count == rows)
                {
                    break;
                }

                var row = new JsonObject();
                foreach (var column in columns)
                {
                    var value = record.GetValueOrDefault(column.Name);
                    row[column.Name] = value is decimal exact && scales.TryGetValue(column.Name, out var scale)
                        ? JsonValue.Create(exact.ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
                        : ToJson(value);
                }

                result.Add(row);
            }
        }

        return new LakePreview(key, columns, result, totalRows);
    }

    internal static string TypeOf(Field field) => field switch
    {
        DecimalDataField d => $"DECIMAL({d.Precision},{d.Scale})",
        DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } => "DATE",
        DateTimeDataField t => t.IsAdjustedToUTC ? "TIMESTAMP (UTC)" : "TIMESTAMP",
        DataField { IsArray: true } a => $"LIST<{ClrTypeName(a.ClrType)}>",
        DataField d => ClrTypeName(d.ClrType),
        ListField => "LIST",
        MapField => "MAP",
        StructField => "STRUCT",
        _ => field.SchemaType.ToString().ToUpperInvariant(),
    };

    private static string ClrTypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(bool) => "BOOLEAN",
        var t when t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) => "INT32",
        var t when t == typeof(long) || t == typeof(uint) || t == typeof(ulong) => "INT64",
        var t when t == typeof(decimal) => "DECIMAL",
        var t when t == typeof(double) => "DOUBLE",
        var t when t == typeof(float) => "FLOAT",
        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => "STRING",
        var t when t == typeof(DateOnly) => "DATE",
        var t when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "TIMESTAMP",
        var t when t == typeof(TimeOnly) || t == typeof(TimeSpan) => "TIME",
        var t when t == typeof(byte[]) => "BINARY",
        var t when t == typeof(Guid) => "UUID",
        var t => t.Name.ToUpperInvariant(),
    };

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        ReadOnlyMemory<char> chars => JsonValue.Create(chars.ToString()),
        bool b => JsonValue.Create(b),
        decimal d => JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(Utc(t)),
        DateTimeOffset t => JsonValue.Create(Utc(t.UtcDateTime)),
        TimeOnly t => JsonValue.Create(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan t => JsonValue.Create(t.ToString("c", CultureInfo.InvariantCulture)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        Guid g => JsonValue.Create(g.ToString()),
        int or long or short or byte or sbyte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        double x => double.IsFinite(x) ? JsonValue.Create(x) : JsonValue.Create(x.ToString(CultureInfo.InvariantCulture)),
        float x => float.IsFinite(x) ? JsonValue.Create(x) : JsonValue.Create(x.ToString(CultureInfo.InvariantCulture)),
        IDictionary dictionary => ToObject(dictionary),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(ToJson)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    // Parquet timestamps without a zone are UTC by the lake's convention; Local values are converted, never relabelled.
    private static string Utc(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonObject ToObject(IDictionary dictionary)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = ToJson(entry.Value);
        }

        return result;
    }
}
