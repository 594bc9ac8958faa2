namespace BakeryOps.Domain.Schemas;

/// <summary>The types the lake writes (Parquet logical types in brackets).</summary>
public enum SchemaFieldType
{
    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>INT32.</summary>
    Int32,

    /// <summary>INT64.</summary>
    Int64,

    /// <summary>DECIMAL(precision, scale), exact.</summary>
    Decimal,

    /// <summary>BYTE_ARRAY (UTF8).</summary>
    String,

    /// <summary>INT32 (DATE).</summary>
    Date,

    /// <summary>INT64 (TIMESTAMP, microseconds, adjusted to UTC).</summary>
    Timestamp,

    /// <summary>A nested object, written as a JSON string (UTF8) the same way every time; <see cref="SchemaField.Fields"/> describes it.</summary>
    Object,

    /// <summary>A list, written as a JSON string (UTF8); <see cref="SchemaField.Items"/> describes its elements when known.</summary>
    Array,
}

/// <summary>One column (or nested member) of a dataset's schema.</summary>
public sealed record SchemaField(
    string Name,
    SchemaFieldType Type,
    bool Nullable,
    int? Precision = null,
    int? Scale = null,
    int? MaxLength = null,
    IReadOnlyList<SchemaField>? Fields = null,
    SchemaField? Items = null);

/// <summary>A dataset's columns in order.</summary>
public sealed record DatasetSchema(string Dataset, IReadOnlyList<SchemaField> Fields);
