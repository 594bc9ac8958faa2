using System.Text;

namespace BakeryOps.Domain.Schemas;

/// <summary>PostgreSQL DDL for a dataset's schema, with quoted identifiers.</summary>
/// <remarks>
/// The table is named after the dataset. Types: Boolean boolean, Int32 integer, Int64 bigint, Decimal numeric(p,s)
/// (numeric when the precision is unknown), String text, Date date, Timestamp timestamptz, Object and Array jsonb.
/// Strings are text, not varchar(MaxLength): the longest value grows from flow to flow, and text never needs a
/// resize. Every identifier is double-quoted with embedded quotes doubled, so reserved words, capitals and spaces
/// are kept as they are; names longer than 63 bytes are truncated by PostgreSQL itself.
/// </remarks>
public static class PostgresDdl
{
    private const int MaxNumericPrecision = 1000;

    public static string CreateTable(DatasetSchema schema, string? tableSchema = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = schema.Fields.Select(f => $"    {Quote(f.Name)} {TypeOf(f)}{(f.Nullable ? "" : " NOT NULL")}");
        return $"CREATE TABLE {TableName(schema.Dataset, tableSchema)} (\n{string.Join(",\n", columns)}\n);";
    }

    /// <summary>ALTER TABLE … ADD COLUMN for the columns <paramref name="to"/> has and <paramref name="from"/> has not.</summary>
    /// <remarks>
    /// Added columns are always nullable, even when required in <paramref name="to"/>: the rows already in the table
    /// have no value for them. Columns that widened (integer to bigint or numeric, a wider numeric) are altered to the
    /// new type, and columns that became nullable drop NOT NULL, so rows of the new version fit. Removed columns and
    /// other type changes (refused by every compatibility mode but NONE) are left alone: dropping or converting data
    /// is a decision for a person. Returns an empty string when there is nothing to change.
    /// </remarks>
    public static string AlterTable(DatasetSchema from, DatasetSchema to, string? tableSchema = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var difference = SchemaDiff.Compare(from, to);
        var actions = new List<string>();
        actions.AddRange(difference.Added.Select(f => $"ADD COLUMN {Quote(f.Name)} {TypeOf(f)}"));
        foreach (var change in difference.Changed)
        {
            var (oldType, newType) = (TypeOf(change.Before), TypeOf(change.After));
            if (oldType != newType && Widens(change.Before, change.After))
            {
                actions.Add($"ALTER COLUMN {Quote(change.Name)} TYPE {newType}");
            }

            if (!change.Before.Nullable && change.After.Nullable)
            {
                actions.Add($"ALTER COLUMN {Quote(change.Name)} DROP NOT NULL");
            }
        }

        if (actions.Count == 0)
        {
            return "";
        }

        var sql = new StringBuilder($"ALTER TABLE {TableName(to.Dataset, tableSchema)}\n");
        sql.AppendJoin(",\n", actions.Select(a => "    " + a));
        return sql.Append(';').ToString();
    }

    /// <summary>A double-quoted PostgreSQL identifier.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a NUL character, which no identifier may.</exception>
    public static string Quote(string identifier)
    {
        if (string.IsNullOrEmpty(identifier) || identifier.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A PostgreSQL identifier cannot be empty or hold a NUL character.", nameof(identifier));
        }

        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string TableName(string dataset, string? tableSchema) =>
        string.IsNullOrEmpty(tableSchema) ? Quote(dataset) : $"{Quote(tableSchema)}.{Quote(dataset)}";

    private static string TypeOf(SchemaField field) => field.Type switch
    {
        SchemaFieldType.Boolean => "boolean",
        SchemaFieldType.Int32 => "integer",
        SchemaFieldType.Int64 => "bigint",
        SchemaFieldType.Decimal => Numeric(field.Precision, field.Scale),
        SchemaFieldType.String => "text",
        SchemaFieldType.Date => "date",
        SchemaFieldType.Timestamp => "timestamptz",
        SchemaFieldType.Object or SchemaFieldType.Array => "jsonb",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, "Unknown field type."),
    };

    private static string Numeric(int? precision, int? scale)
    {
        if (precision is not { } p || p < 1 || p > MaxNumericPrecision)
        {
            return "numeric";
        }

        var s = Math.Clamp(scale ?? 0, 0, p);
        return $"numeric({p},{s})";
    }

    private static bool Widens(SchemaField before, SchemaField after) => (before.Type, after.Type) switch
    {
        (SchemaFieldType.Int32, SchemaFieldType.Int64) => true,
        // PostgreSQL refuses the change when a stored integer does not fit the numeric: loud, not lossy.
        (SchemaFieldType.Int32 or SchemaFieldType.Int64, SchemaFieldType.Decimal) => true,
        (SchemaFieldType.Decimal, SchemaFieldType.Decimal) =>
            after.Precision is not { } ap
            || (before.Precision is { } bp && (after.Scale ?? 0) >= (before.Scale ?? 0) && ap - (after.Scale ?? 0) >= bp - (before.Scale ?? 0)),
        _ => false,
    };
}
