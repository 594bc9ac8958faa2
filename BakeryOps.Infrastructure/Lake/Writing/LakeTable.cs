using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using Parquet.Schema;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// A dataset's columns with explicit types, declared once and used to stream rows of <typeparamref name="T"/> into the
/// lake without boxing or inference: <c>new LakeTable&lt;Row&gt;("cardex_changes").Int64("ukid", r =&gt; r.Ukid)…</c>.
/// An accessor returning a nullable type makes a nullable column; a non-nullable column refuses a row without a value.
/// </summary>
public sealed class LakeTable<T>
{
    private readonly List<LakeColumn<T>> _columns = [];

    public LakeTable(string dataset)
    {
        if (!LakeKeys.IsDatasetName(dataset))
        {
            throw new ArgumentException($"'{dataset}' is not a dataset name (lower-case letters, digits and '_', starting with a letter).", nameof(dataset));
        }

        Dataset = dataset;
    }

    public string Dataset { get; }

    public IReadOnlyList<LakeColumn<T>> Columns => _columns;

    /// <summary>The schema registered for this table's flows.</summary>
    public DatasetSchema Schema => new(Dataset, [.. _columns.Select(c => c.Field)]);

    public LakeTable<T> Boolean(string name, Func<T, bool> get) => Boolean(name, false, r => get(r));

    public LakeTable<T> Boolean(string name, Func<T, bool?> get) => Boolean(name, true, get);

    public LakeTable<T> Int32(string name, Func<T, int> get) => Int32(name, false, r => get(r));

    public LakeTable<T> Int32(string name, Func<T, int?> get) => Int32(name, true, get);

    public LakeTable<T> Int64(string name, Func<T, long> get) => Int64(name, false, r => get(r));

    public LakeTable<T> Int64(string name, Func<T, long?> get) => Int64(name, true, get);

    /// <summary>DECIMAL(precision, scale); a value with more decimals than <paramref name="scale"/> or too many digits fails the write rather than being rounded.</summary>
    public LakeTable<T> Decimal(string name, int precision, int scale, Func<T, decimal> get) => Decimal(name, precision, scale, false, r => get(r));

    public LakeTable<T> Decimal(string name, int precision, int scale, Func<T, decimal?> get) => Decimal(name, precision, scale, true, get);

    public LakeTable<T> String(string name, Func<T, string?> get, bool nullable = true, int? maxLength = null) =>
        Add(new TextColumn<T>(new SchemaField(name, SchemaFieldType.String, nullable, MaxLength: maxLength), get));

    public LakeTable<T> Date(string name, Func<T, DateOnly> get) => Date(name, false, r => get(r));

    public LakeTable<T> Date(string name, Func<T, DateOnly?> get) => Date(name, true, get);

    /// <summary>INT64 microseconds adjusted to UTC; the instant is kept, the offset is not.</summary>
    public LakeTable<T> Timestamp(string name, Func<T, DateTimeOffset> get) => Timestamp(name, false, r => get(r));

    public LakeTable<T> Timestamp(string name, Func<T, DateTimeOffset?> get) => Timestamp(name, true, get);

    /// <summary>A nested object written as canonical JSON (<see cref="CanonicalJson"/>); <paramref name="fields"/> describes it for the registry.</summary>
    public LakeTable<T> Object(string name, Func<T, object?> get, bool nullable = true, IReadOnlyList<SchemaField>? fields = null) =>
        Add(new TextColumn<T>(new SchemaField(name, SchemaFieldType.Object, nullable, Fields: fields), r => LakeValues.ToJson(get(r))));

    /// <summary>A list written as canonical JSON; <paramref name="items"/> describes its elements for the registry.</summary>
    public LakeTable<T> Array(string name, Func<T, object?> get, bool nullable = true, SchemaField? items = null) =>
        Add(new TextColumn<T>(new SchemaField(name, SchemaFieldType.Array, nullable, Items: items), r => LakeValues.ToJson(get(r))));

    /// <summary>
    /// A column described by a schema field whose values come untyped (records, JSON); each value is converted to the
    /// field's type, and one that does not fit fails the write with the column's name.
    /// </summary>
    public LakeTable<T> Column(SchemaField field, Func<T, object?> get)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = field.Name;
        return field.Type switch
        {
            SchemaFieldType.Boolean => Add(Value(field, new DataField<bool>(name, field.Nullable), r => LakeValues.ToBoolean(get(r), name))),
            SchemaFieldType.Int32 => Add(Value(field, new DataField<int>(name, field.Nullable), r => LakeValues.ToInt32(get(r), name))),
            SchemaFieldType.Int64 => Add(Value(field, new DataField<long>(name, field.Nullable), r => LakeValues.ToInt64(get(r), name))),
            SchemaFieldType.Decimal => AddDecimal(field, r => LakeValues.ToDecimal(get(r), name)),
            SchemaFieldType.String => Add(new TextColumn<T>(field, r => LakeValues.ToText(get(r), name))),
            SchemaFieldType.Date => Add(Value(field, new DataField<DateOnly>(name, field.Nullable), r => LakeValues.ToDate(get(r), name))),
            SchemaFieldType.Timestamp => Add(Value(field, TimestampField(name, field.Nullable), r => LakeValues.ToTimestamp(get(r), name))),
            SchemaFieldType.Object or SchemaFieldType.Array => Add(new TextColumn<T>(field, r => LakeValues.ToJson(get(r)))),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, $"Column '{name}' has a type the lake does not write."),
        };
    }

    private LakeTable<T> Boolean(string name, bool nullable, Func<T, bool?> get) =>
        Add(Value(new SchemaField(name, SchemaFieldType.Boolean, nullable), new DataField<bool>(name, nullable), get));

    private LakeTable<T> Int32(string name, bool nullable, Func<T, int?> get) =>
        Add(Value(new SchemaField(name, SchemaFieldType.Int32, nullable), new DataField<int>(name, nullable), get));

    private LakeTable<T> Int64(string name, bool nullable, Func<T, long?> get) =>
        Add(Value(new SchemaField(name, SchemaFieldType.Int64, nullable), new DataField<long>(name, nullable), get));

    private LakeTable<T> Decimal(string name, int precision, int scale, bool nullable, Func<T, decimal?> get) =>
        AddDecimal(new SchemaField(name, SchemaFieldType.Decimal, nullable, precision, scale), get);

    private LakeTable<T> Date(string name, bool nullable, Func<T, DateOnly?> get) =>
        Add(Value(new SchemaField(name, SchemaFieldType.Date, nullable), new DataField<DateOnly>(name, nullable), get));

    private LakeTable<T> Timestamp(string name, bool nullable, Func<T, DateTimeOffset?> get) =>
        Add(Value<DateTime>(new SchemaField(name, SchemaFieldType.Timestamp, nullable), TimestampField(name, nullable), r => get(r) is { } v ? LakeValues.ToUtcMicros(v) : null));

    private LakeTable<T> AddDecimal(SchemaField field, Func<T, decimal?> get)
    {
        // Inferred schemas may leave precision open; DECIMAL(38,18) holds any value a record can carry up to 18 decimals.
        var precision = field.Precision ?? 38;
        var scale = field.Scale ?? 18;
        if (precision is < 1 or > 38 || scale < 0 || scale > precision)
        {
            throw new ArgumentException($"Column '{field.Name}': DECIMAL({precision},{scale}) is not a valid decimal (precision 1 to 38, scale 0 to precision).", nameof(field));
        }

        var limit = precision - scale >= 29 ? decimal.MaxValue : Pow10(precision - scale);
        var name = field.Name;
        decimal Check(decimal value)
        {
            if (decimal.Round(value, scale) != value || Math.Abs(value) >= limit)
            {
                throw new LakeValueException(name, $"Column '{name}' is DECIMAL({precision},{scale}); the value {value} does not fit it exactly.");
            }

            return value;
        }

        return Add(new ValueColumn<T, decimal>(
            field with { Precision = precision, Scale = scale },
            new DecimalDataField(name, precision, scale, isNullable: field.Nullable),
            get,
            Check));
    }

    private static ValueColumn<T, TValue> Value<TValue>(SchemaField field, DataField parquetField, Func<T, TValue?> get)
        where TValue : struct => new(field, parquetField, get, null);

    /// <summary>Explicit: a plain DateTime field would be written as legacy INT96.</summary>
    private static DateTimeDataField TimestampField(string name, bool nullable) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private LakeTable<T> Add(LakeColumn<T> column)
    {
        if (string.IsNullOrWhiteSpace(column.Field.Name))
        {
            throw new ArgumentException("A column needs a name.", nameof(column));
        }

        if (column.Field.Name.ToLowerInvariant() is "year" or "month" or "day")
        {
            throw new ArgumentException($"Column '{column.Field.Name}' would clash with the year=/month=/day= partition folders that readers turn into columns.", nameof(column));
        }

        if (_columns.Any(c => string.Equals(c.Field.Name, column.Field.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"Column '{column.Field.Name}' is declared twice (names are compared ignoring case, as most readers do).", nameof(column));
        }

        _columns.Add(column);
        return this;
    }
}
