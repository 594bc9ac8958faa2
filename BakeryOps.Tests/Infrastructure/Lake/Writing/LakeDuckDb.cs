using DuckDB.NET.Data;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>Reads a dataset of a local copy of the lake with DuckDB, the way an analyst would: hive partitions, integer year/month/day.</summary>
internal static class LakeDuckDb
{
    public static string Source(string folder, string prefix, string dataset) =>
        $"read_parquet('{Path.Combine(folder, prefix, dataset).Replace("'", "''", StringComparison.Ordinal)}/**/*.parquet', hive_partitioning=true, hive_types={{'year':INTEGER,'month':INTEGER,'day':INTEGER}})";

    /// <summary>Column name → DuckDB type, from DESCRIBE.</summary>
    public static Dictionary<string, string> Describe(string source)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {source}";
        using var reader = command.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types;
    }

    /// <summary>Every row as column name → value (DBNull becomes null).</summary>
    public static List<Dictionary<string, object?>> Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>DuckDB hands TIMESTAMP WITH TIME ZONE back as the UTC wall time (Kind Unspecified) or as an offset value.</summary>
    public static DateTimeOffset AsUtcInstant(object? value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"Not a timestamp: {value?.GetType().Name}"),
    };

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        // The instant must not depend on the machine's zone when DuckDB renders TIMESTAMPTZ values.
        command.CommandText = "SET TimeZone='UTC'";
        command.ExecuteNonQuery();
        return connection;
    }
}
