using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// How nested values (Object and Array columns) are written to the lake: compact JSON with object members sorted by
/// name (ordinal), so equal values always give equal text whatever order a source produced them in. Decimals lose
/// trailing zeros (1.50 and 1.5 are one value), instants are ISO-8601 in UTC, dates <c>yyyy-MM-dd</c>; an empty
/// object is <c>{}</c> and an empty list <c>[]</c>. Non-finite doubles, which JSON cannot hold, become strings.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    public static string Serialize(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value, depth: 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException("A nested value is more than 64 levels deep (is it cyclic?).");
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case char c:
                writer.WriteStringValue(c.ToString());
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case decimal d:
                writer.WriteRawValue(Normalize(d).ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case double or float:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime instant:
                writer.WriteStringValue(LakeValues.ToUtc(instant).ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset instant:
                writer.WriteStringValue(instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                writer.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case Guid guid:
                writer.WriteStringValue(guid.ToString("D"));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case JsonElement element:
                WriteElement(writer, element, depth);
                break;
            case IEnumerable<KeyValuePair<string, object?>> members:
                WriteObject(writer, members.Select(m => (m.Key, m.Value)), depth);
                break;
            case IDictionary dictionary:
                WriteObject(writer, dictionary.Cast<DictionaryEntry>().Select(e => (Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "", e.Value)), depth);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                // Any other object goes through System.Text.Json once, then is canonicalised like JSON input.
                WriteElement(writer, JsonSerializer.SerializeToElement(value, value.GetType()), depth);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, IEnumerable<(string Name, object? Value)> members, int depth)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in members.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            writer.WritePropertyName(name);
            Write(writer, value, depth + 1);
        }

        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    WriteElement(writer, member.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number when element.TryGetDecimal(out var d):
                writer.WriteRawValue(Normalize(d).ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>Drops trailing zeros: dividing by 1 with 28 zero decimals leaves the smallest scale that holds the value.</summary>
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
