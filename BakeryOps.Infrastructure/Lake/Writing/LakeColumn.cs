using BakeryOps.Domain.Schemas;
using Parquet;
using Parquet.Schema;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>One column of a <see cref="LakeTable{T}"/>: its schema field, its explicit Parquet type and how a row's value is read.</summary>
public abstract class LakeColumn<T>
{
    private protected LakeColumn(SchemaField field) => Field = field;

    public SchemaField Field { get; }

    internal abstract DataField ParquetField { get; }

    /// <summary>A buffer for one row group; reused for every row group of a run.</summary>
    internal abstract LakeColumnBuffer<T> CreateBuffer(int capacity);
}

internal abstract class LakeColumnBuffer<T>
{
    /// <summary>Adds the row's value; returns the bytes of text it holds (0 for fixed-width values), for the row group byte budget.</summary>
    public abstract long Append(T row, int index, long rowNumber);

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, int count, CancellationToken cancellationToken);
}

/// <summary>A fixed-width column (boolean, integers, decimal, date, timestamp).</summary>
internal sealed class ValueColumn<T, TValue>(SchemaField field, DataField parquetField, Func<T, TValue?> get, Func<TValue, TValue>? check)
    : LakeColumn<T>(field)
    where TValue : struct
{
    internal override DataField ParquetField => parquetField;

    internal override LakeColumnBuffer<T> CreateBuffer(int capacity) =>
        Field.Nullable ? new NullableBuffer(this, capacity) : new RequiredBuffer(this, capacity);

    private TValue? Read(T row)
    {
        var value = get(row);
        return value is { } present && check is not null ? check(present) : value;
    }

    private sealed class NullableBuffer(ValueColumn<T, TValue> column, int capacity) : LakeColumnBuffer<T>
    {
        private readonly TValue?[] _values = new TValue?[capacity];

        public override long Append(T row, int index, long rowNumber)
        {
            _values[index] = column.Read(row);
            return 0;
        }

        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int count, CancellationToken cancellationToken) =>
            rowGroup.WriteAsync<TValue>(column.ParquetField, new ReadOnlyMemory<TValue?>(_values, 0, count), null, null, cancellationToken);
    }

    private sealed class RequiredBuffer(ValueColumn<T, TValue> column, int capacity) : LakeColumnBuffer<T>
    {
        private readonly TValue[] _values = new TValue[capacity];

        public override long Append(T row, int index, long rowNumber)
        {
            _values[index] = column.Read(row)
                ?? throw new LakeValueException(column.Field.Name, $"Column '{column.Field.Name}' is not nullable, but row {rowNumber} has no value.");
            return 0;
        }

        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int count, CancellationToken cancellationToken) =>
            rowGroup.WriteAsync<TValue>(column.ParquetField, new ReadOnlyMemory<TValue>(_values, 0, count), null, null, cancellationToken);
    }
}

/// <summary>A UTF8 column: strings, and nested values already encoded as canonical JSON.</summary>
internal sealed class TextColumn<T>(SchemaField field, Func<T, string?> get) : LakeColumn<T>(field)
{
    internal override DataField ParquetField { get; } = new DataField<string>(field.Name, field.Nullable);

    private string? Read(T row) => get(row);

    internal override LakeColumnBuffer<T> CreateBuffer(int capacity) => new Buffer(this, capacity);

    private sealed class Buffer(TextColumn<T> column, int capacity) : LakeColumnBuffer<T>
    {
        private readonly string?[] _values = new string?[capacity];

        public override long Append(T row, int index, long rowNumber)
        {
            var value = column.Read(row);
            if (value is null && !column.Field.Nullable)
            {
                throw new LakeValueException(column.Field.Name, $"Column '{column.Field.Name}' is not nullable, but row {rowNumber} has no value.");
            }

            _values[index] = value;
            return value is null ? 0 : 2L * value.Length;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, int count, CancellationToken cancellationToken)
        {
            await rowGroup.WriteAsync(column.ParquetField, new ArraySegment<string>(_values!, 0, count), null);
            // The strings belong to rows already written: let them go before the next row group fills.
            Array.Clear(_values, 0, count);
        }
    }
}
