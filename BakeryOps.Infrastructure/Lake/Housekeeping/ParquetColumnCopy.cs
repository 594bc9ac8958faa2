using Parquet;
using Parquet.Schema;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

/// <summary>
/// One column's values gathered from the row groups of several files and written out as one row group, typed as the
/// files declare it, so a compacted file holds exactly the values and types of the files it replaces.
/// </summary>
internal abstract class ParquetColumnCopy
{
    protected ParquetColumnCopy(DataField field) => Field = field;

    /// <summary>The column as the compacted file declares it.</summary>
    public DataField Field { get; }

    /// <summary>The lake writes flat columns only; anything else (lists, maps, structs) is not compacted.</summary>
    public static bool CanCopy(ParquetSchema schema) =>
        schema.Fields.All(f => f is DataField { MaxRepetitionLevel: 0 } d && For(d) is not null);

    public static ParquetColumnCopy? For(DataField field)
    {
        var type = field.ClrType;
        // Parquet.Net reads text as ReadOnlyMemory<char>; the lake writes it as strings, and so does the copy.
        return type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? new Text(new DataField<string>(field.Name, field.IsNullable))
            : type == typeof(bool) ? Value<bool>(field)
            : type == typeof(int) ? Value<int>(field)
            : type == typeof(long) ? Value<long>(field)
            : type == typeof(decimal) ? Value<decimal>(field)
            : type == typeof(double) ? Value<double>(field)
            : type == typeof(float) ? Value<float>(field)
            : type == typeof(DateOnly) ? Value<DateOnly>(field)
            : type == typeof(DateTime) ? Value<DateTime>(field)
            : null;
    }

    /// <summary>Adds a row group's values; <paramref name="field"/> is the column as that file's reader knows it.</summary>
    public abstract Task ReadAsync(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken);

    /// <summary>Writes what was gathered as the row group's column and starts over.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);

    private static ParquetColumnCopy Value<T>(DataField field)
        where T : struct => field.IsNullable ? new Nullable<T>(field) : new Required<T>(field);

    private sealed class Required<T>(DataField field) : ParquetColumnCopy(field)
        where T : struct
    {
        private readonly List<T> _values = [];

        public override async Task ReadAsync(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        {
            var values = new T[rows];
            await rowGroup.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            _values.AddRange(values);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
        {
            await rowGroup.WriteAsync<T>(Field, _values.ToArray().AsMemory(), null, null, cancellationToken);
            _values.Clear();
        }
    }

    private sealed class Nullable<T>(DataField field) : ParquetColumnCopy(field)
        where T : struct
    {
        private readonly List<T?> _values = [];

        public override async Task ReadAsync(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        {
            var values = new T?[rows];
            await rowGroup.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            _values.AddRange(values);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
        {
            await rowGroup.WriteAsync<T>(Field, new ReadOnlyMemory<T?>([.. _values]), null, null, cancellationToken);
            _values.Clear();
        }
    }

    private sealed class Text(DataField field) : ParquetColumnCopy(field)
    {
        private readonly List<string?> _values = [];

        public override async Task ReadAsync(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        {
            var values = new string?[rows];
            await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            _values.AddRange(values);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
        {
            await rowGroup.WriteAsync(Field, _values.ToArray(), null);
            _values.Clear();
        }
    }
}
