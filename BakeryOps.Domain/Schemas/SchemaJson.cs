using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BakeryOps.Domain.Schemas;

/// <summary>The canonical JSON form of a schema (stored in schema_versions and the lake, and fingerprinted).</summary>
/// <remarks>
/// Written by hand rather than by a serializer's reflection so the bytes (and so the fingerprint) cannot move when a
/// record gains a member or serializer defaults change: compact, properties always in the order
/// dataset, fields; name, type, nullable, precision, scale, maxLength, fields, items; camelCase names and enum
/// values; absent optional members omitted.
/// </remarks>
public static class SchemaJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static string Serialize(DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("dataset", schema.Dataset);
            WriteFields(writer, "fields", schema.Fields);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static DatasetSchema Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A schema is a JSON object with 'dataset' and 'fields'.");
        }

        var dataset = root.TryGetProperty("dataset", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : throw new FormatException("The schema has no 'dataset' string.");
        return new DatasetSchema(dataset, ReadFields(root, "fields") ?? []);
    }

    /// <summary>Lower-case hex SHA-256 of the canonical JSON: equal schemas, equal fingerprints.</summary>
    /// <remarks>
    /// Fields are hashed in name order at every depth: readers bind columns by name, so records that list the same
    /// fields in another order are the same schema and must not add a version. The stored JSON keeps the order.
    /// </remarks>
    public static string Fingerprint(DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var sorted = schema with { Fields = SortByName(schema.Fields)! };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(sorted))));
    }

    private static List<SchemaField>? SortByName(IReadOnlyList<SchemaField>? fields) =>
        fields?.OrderBy(f => f.Name, StringComparer.Ordinal).Select(SortField).ToList();

    private static SchemaField SortField(SchemaField field) =>
        field with { Fields = SortByName(field.Fields), Items = field.Items is { } items ? SortField(items) : null };

    /// <summary>The canonical JSON of one field, so fields with nested lists can be compared by value.</summary>
    internal static string SerializeField(SchemaField field)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteField(writer, field);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string TypeName(SchemaFieldType type) => JsonNamingPolicy.CamelCase.ConvertName(type.ToString());

    private static void WriteFields(Utf8JsonWriter writer, string property, IReadOnlyList<SchemaField> fields)
    {
        writer.WriteStartArray(property);
        foreach (var field in fields)
        {
            WriteField(writer, field);
        }

        writer.WriteEndArray();
    }

    private static void WriteField(Utf8JsonWriter writer, SchemaField field)
    {
        writer.WriteStartObject();
        writer.WriteString("name", field.Name);
        writer.WriteString("type", TypeName(field.Type));
        writer.WriteBoolean("nullable", field.Nullable);
        if (field.Precision is { } precision)
        {
            writer.WriteNumber("precision", precision);
        }

        if (field.Scale is { } scale)
        {
            writer.WriteNumber("scale", scale);
        }

        if (field.MaxLength is { } maxLength)
        {
            writer.WriteNumber("maxLength", maxLength);
        }

        if (field.Fields is { } nested)
        {
            WriteFields(writer, "fields", nested);
        }

        if (field.Items is { } items)
        {
            writer.WritePropertyName("items");
            WriteField(writer, items);
        }

        writer.WriteEndObject();
    }

    private static List<SchemaField>? ReadFields(JsonElement owner, string property)
    {
        if (!owner.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'{property}' must be an array of fields.");
        }

        return array.EnumerateArray().Select(ReadField).ToList();
    }

    private static SchemaField ReadField(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A field is a JSON object.");
        }

        var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new FormatException("A field has no 'name' string.");
        var typeText = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new FormatException($"Field '{name}' has no 'type' string.");
        var type = Enum.TryParse<SchemaFieldType>(typeText, ignoreCase: true, out var parsed) && !int.TryParse(typeText, out _)
            ? parsed
            : throw new FormatException($"Field '{name}' has an unknown type '{typeText}'.");
        var nullable = element.TryGetProperty("nullable", out var nl) && nl.ValueKind == JsonValueKind.True;
        SchemaField? items = element.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Object ? ReadField(i) : null;
        return new SchemaField(name, type, nullable, ReadInt(element, "precision"), ReadInt(element, "scale"),
            ReadInt(element, "maxLength"), ReadFields(element, "fields"), items);
    }

    private static int? ReadInt(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
