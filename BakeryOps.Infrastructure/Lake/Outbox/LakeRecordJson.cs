using System.Globalization;
using System.Text.Json;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// A lake record as JSON that keeps each value's type, so a record waiting in <c>lake_outbox</c> comes back with the
/// same CLR values: <c>{"name": ["d", "12.500000"], ...}</c> with s string, b boolean, i int, l long, d decimal (as
/// text, exact), D date, t UTC instant; null stays null.
/// </summary>
public static class LakeRecordJson
{
    public static string Write(IReadOnlyDictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in record)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartArray();
                switch (value)
                {
                    case string s:
                        writer.WriteStringValue("s");
                        writer.WriteStringValue(s);
                        break;
                    case bool b:
                        writer.WriteStringValue("b");
                        writer.WriteBooleanValue(b);
                        break;
                    case int i:
                        writer.WriteStringValue("i");
                        writer.WriteNumberValue(i);
                        break;
                    case long l:
                        writer.WriteStringValue("l");
                        writer.WriteNumberValue(l);
                        break;
                    case decimal d:
                        writer.WriteStringValue("d");
                        writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                        break;
                    case DateOnly date:
                        writer.WriteStringValue("D");
                        writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        break;
                    case DateTimeOffset instant:
                        writer.WriteStringValue("t");
                        writer.WriteStringValue(instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                        break;
                    default:
                        throw new ArgumentException($"Field {name} holds a {value.GetType().Name}, which lake records do not carry.", nameof(record));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <exception cref="FormatException">The JSON is not a record written by <see cref="Write"/>.</exception>
    public static Dictionary<string, object?> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A lake record is a JSON object.");
        }

        var record = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                record[property.Name] = null;
                continue;
            }

            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2 || value[0].ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"Field {property.Name} is not a [type, value] pair.");
            }

            var item = value[1];
            record[property.Name] = value[0].GetString() switch
            {
                "s" => item.GetString(),
                "b" => item.GetBoolean(),
                "i" => item.GetInt32(),
                "l" => item.GetInt64(),
                "d" => decimal.Parse(item.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
                "D" => DateOnly.ParseExact(item.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                "t" => DateTimeOffset.Parse(item.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                var code => throw new FormatException($"Field {property.Name} has the unknown type code '{code}'."),
            };
        }

        return record;
    }
}
