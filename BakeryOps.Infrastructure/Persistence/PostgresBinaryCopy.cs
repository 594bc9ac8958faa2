using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>
/// Inserts entities with PostgreSQL's binary COPY on the context's connection and transaction. Table, columns, types
/// and value converters come from the EF model, so the rows are written exactly as SaveChanges would write them, at a
/// fraction of the cost of one INSERT per row. Store-generated keys (identity columns) are left to the database.
/// The change tracker never sees these rows: no interceptor runs for them.
/// </summary>
/// <remarks>
/// Each column gets a compiled, typed writer (property read, converter, <c>WriteAsync&lt;T&gt;</c> with its
/// <see cref="NpgsqlDbType"/>): resolving every value's type from an object and a type name costs more than the COPY.
/// </remarks>
internal static class PostgresBinaryCopy
{
    private static readonly ConcurrentDictionary<(IModel, Type), CopyPlan> Plans = new();

    private static readonly Dictionary<string, NpgsqlDbType> DbTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["character varying"] = NpgsqlDbType.Varchar,
        ["text"] = NpgsqlDbType.Text,
        ["integer"] = NpgsqlDbType.Integer,
        ["bigint"] = NpgsqlDbType.Bigint,
        ["smallint"] = NpgsqlDbType.Smallint,
        ["numeric"] = NpgsqlDbType.Numeric,
        ["boolean"] = NpgsqlDbType.Boolean,
        ["uuid"] = NpgsqlDbType.Uuid,
        ["date"] = NpgsqlDbType.Date,
        ["timestamp with time zone"] = NpgsqlDbType.TimestampTz,
    };

    public static async Task InsertAsync<T>(BakeryOpsDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var plan = Plans.GetOrAdd((db.Model, typeof(T)), static key => CopyPlan.For(key.Item1, key.Item2));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(plan.Command, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var write in plan.Columns)
            {
                await write(importer, row, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private delegate Task ColumnWriter(NpgsqlBinaryImporter importer, object entity, CancellationToken cancellationToken);

    private sealed record CopyPlan(string Command, ColumnWriter[] Columns)
    {
        private static readonly MethodInfo ValueWriterMethod = typeof(CopyPlan).GetMethod(nameof(ValueWriter), BindingFlags.NonPublic | BindingFlags.Static)!;
        private static readonly MethodInfo NullableWriterMethod = typeof(CopyPlan).GetMethod(nameof(NullableWriter), BindingFlags.NonPublic | BindingFlags.Static)!;
        private static readonly MethodInfo ReferenceWriterMethod = typeof(CopyPlan).GetMethod(nameof(ReferenceWriter), BindingFlags.NonPublic | BindingFlags.Static)!;

        public static CopyPlan For(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not an entity of the model.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToList();
            var name = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
            var columns = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
            return new CopyPlan($"COPY {name} ({columns}) FROM STDIN (FORMAT BINARY)", [.. properties.Select(p => WriterFor(p, table))]);
        }

        /// <summary>entity => converter(((TEntity)entity).Property), compiled, handed to a writer of the provider type.</summary>
        private static ColumnWriter WriterFor(IProperty property, StoreObjectIdentifier table)
        {
            var storeType = property.GetColumnType(table).Split('(')[0].Trim();
            if (!DbTypes.TryGetValue(storeType, out var dbType))
            {
                throw new NotSupportedException($"Column {property.GetColumnName(table)} has type {storeType}, which the binary COPY does not write yet.");
            }

            var entity = Expression.Parameter(typeof(object), "entity");
            var member = property.PropertyInfo as MemberInfo ?? property.FieldInfo
                ?? throw new NotSupportedException($"{property.Name} is not a CLR property or field.");
            Expression value = Expression.MakeMemberAccess(Expression.Convert(entity, member.DeclaringType!), member);
            if (property.GetTypeMapping().Converter is { } converter)
            {
                var model = converter.ConvertToProviderExpression;
                // A nullable model value maps to a null provider value; the converter itself takes non-null values.
                var input = value.Type == model.Parameters[0].Type ? value : Expression.Convert(value, model.Parameters[0].Type);
                var converted = Expression.Invoke(model, input);
                value = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
                    ? converted
                    : Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)),
                        Expression.Constant(null, converted.Type.IsValueType ? typeof(Nullable<>).MakeGenericType(converted.Type) : converted.Type),
                        converted.Type.IsValueType ? Expression.Convert(converted, typeof(Nullable<>).MakeGenericType(converted.Type)) : converted);
            }

            var getter = Expression.Lambda(value, entity).Compile();
            var type = value.Type;
            var writer = Nullable.GetUnderlyingType(type) is { } underlying
                ? NullableWriterMethod.MakeGenericMethod(underlying)
                : type.IsValueType ? ValueWriterMethod.MakeGenericMethod(type) : ReferenceWriterMethod.MakeGenericMethod(type);
            return (ColumnWriter)writer.Invoke(null, [getter, dbType])!;
        }

        private static ColumnWriter ValueWriter<TValue>(Func<object, TValue> getter, NpgsqlDbType dbType)
            where TValue : struct =>
            (importer, entity, ct) => importer.WriteAsync(Utc(getter(entity)), dbType, ct);

        private static ColumnWriter NullableWriter<TValue>(Func<object, TValue?> getter, NpgsqlDbType dbType)
            where TValue : struct =>
            (importer, entity, ct) => getter(entity) is { } value ? importer.WriteAsync(Utc(value), dbType, ct) : importer.WriteNullAsync(ct);

        private static ColumnWriter ReferenceWriter<TValue>(Func<object, TValue?> getter, NpgsqlDbType dbType)
            where TValue : class =>
            (importer, entity, ct) => getter(entity) is { } value ? importer.WriteAsync(value, dbType, ct) : importer.WriteNullAsync(ct);

        // Npgsql writes timestamptz from UTC values only; the model keeps instants, whatever their offset.
        private static TValue Utc<TValue>(TValue value) =>
            value is DateTimeOffset instant && instant.Offset != TimeSpan.Zero ? (TValue)(object)instant.ToUniversalTime() : value;

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
