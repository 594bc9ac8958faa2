using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Npgsql;
using NpgsqlTypes;

namespace BakeryOps.Tests.Infrastructure.Schemas;

/// <summary>The generated DDL runs on a real PostgreSQL server, for every type and for names that need quoting.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresDdlExecutionTests : IAsyncLifetime
{
    private const string TableSchema = "lake Zone";

    private static readonly DatasetSchema EveryType = new("every_type",
    [
        new SchemaField("Order", SchemaFieldType.Int32, Nullable: false),
        new SchemaField("select", SchemaFieldType.Boolean, Nullable: false),
        new SchemaField("mixed Case", SchemaFieldType.Int64, Nullable: true),
        new SchemaField("has\"quote", SchemaFieldType.String, Nullable: true, MaxLength: 12),
        new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 18, Scale: 4),
        new SchemaField("fraction", SchemaFieldType.Decimal, Nullable: true, Precision: 1, Scale: 1),
        new SchemaField("day", SchemaFieldType.Date, Nullable: false),
        new SchemaField("at", SchemaFieldType.Timestamp, Nullable: false),
        new SchemaField("attributes", SchemaFieldType.Object, Nullable: true, Fields: []),
        new SchemaField("tags", SchemaFieldType.Array, Nullable: true, Items: new SchemaField("item", SchemaFieldType.String, Nullable: false)),
    ]);

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task CreateTableAndAlterTable_WhenRunOnPostgres_ThenTheyExecuteAndARowOfEveryTypeFits()
    {
        var widened = EveryType with
        {
            Fields =
            [
                new SchemaField("Order", SchemaFieldType.Int64, Nullable: false),
                .. EveryType.Fields.Skip(1).Take(4),
                new SchemaField("fraction", SchemaFieldType.Decimal, Nullable: true, Precision: 6, Scale: 3),
                .. EveryType.Fields.Skip(6),
                new SchemaField("added \"required\"", SchemaFieldType.Timestamp, Nullable: false),
                new SchemaField("from", SchemaFieldType.Decimal, Nullable: true),
            ],
        };
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"CREATE SCHEMA {PostgresDdl.Quote(TableSchema)}");

        await ExecuteAsync(connection, PostgresDdl.CreateTable(EveryType, TableSchema));
        await InsertAsync(connection, EveryType, 1);
        await ExecuteAsync(connection, PostgresDdl.AlterTable(EveryType, widened, TableSchema));
        await InsertAsync(connection, widened, 5_000_000_000L);

        var columns = await ColumnsAsync(connection);
        columns.Should().Equal(
            ("Order", "bigint", "NO"),
            ("select", "boolean", "NO"),
            ("mixed Case", "bigint", "YES"),
            ("has\"quote", "text", "YES"),
            ("qty", "numeric", "NO"),
            ("fraction", "numeric", "YES"),
            ("day", "date", "NO"),
            ("at", "timestamp with time zone", "NO"),
            ("attributes", "jsonb", "YES"),
            ("tags", "jsonb", "YES"),
            ("added \"required\"", "timestamp with time zone", "YES"),
            ("from", "numeric", "YES"));
        await using var count = new NpgsqlCommand($"SELECT count(*), sum({PostgresDdl.Quote("qty")}) FROM {PostgresDdl.Quote(TableSchema)}.{PostgresDdl.Quote(EveryType.Dataset)}", connection);
        await using var reader = await count.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetInt64(0).Should().Be(2);
        reader.GetDecimal(1).Should().Be(24.6912m);
    }

    [Fact]
    public async Task CreateTable_WhenTheSchemaHasNoFields_ThenItStillExecutes()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();

        await ExecuteAsync(connection, PostgresDdl.CreateTable(new DatasetSchema("empty_flow", [])));

        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"empty_flow\"", connection);
        (await command.ExecuteScalarAsync()).Should().Be(0L);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertAsync(NpgsqlConnection connection, DatasetSchema schema, long order)
    {
        var names = schema.Fields.Select(f => PostgresDdl.Quote(f.Name));
        var parameters = schema.Fields.Select((_, i) => $"@p{i}");
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {PostgresDdl.Quote(TableSchema)}.{PostgresDdl.Quote(schema.Dataset)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", parameters)})",
            connection);
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            command.Parameters.Add(ValueFor(schema.Fields[i], i, order));
        }

        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }

    private static NpgsqlParameter ValueFor(SchemaField field, int index, long order) => field.Type switch
    {
        SchemaFieldType.Boolean => new NpgsqlParameter($"p{index}", NpgsqlDbType.Boolean) { Value = true },
        SchemaFieldType.Int32 => new NpgsqlParameter($"p{index}", NpgsqlDbType.Integer) { Value = (int)order },
        SchemaFieldType.Int64 => new NpgsqlParameter($"p{index}", NpgsqlDbType.Bigint) { Value = order },
        SchemaFieldType.Decimal => new NpgsqlParameter($"p{index}", NpgsqlDbType.Numeric) { Value = field.Name == "fraction" ? 0.5m : 12.3456m },
        SchemaFieldType.String => new NpgsqlParameter($"p{index}", NpgsqlDbType.Text) { Value = "sourdough" },
        SchemaFieldType.Date => new NpgsqlParameter($"p{index}", NpgsqlDbType.Date) { Value = new DateOnly(2026, 11, 26) },
        SchemaFieldType.Timestamp => new NpgsqlParameter($"p{index}", NpgsqlDbType.TimestampTz) { Value = new DateTime(2026, 11, 26, 6, 0, 0, DateTimeKind.Utc) },
        SchemaFieldType.Object => new NpgsqlParameter($"p{index}", NpgsqlDbType.Jsonb) { Value = """{"grams":400}""" },
        SchemaFieldType.Array => new NpgsqlParameter($"p{index}", NpgsqlDbType.Jsonb) { Value = """["rye","seeded"]""" },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static async Task<List<(string Name, string Type, string Nullable)>> ColumnsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'every_type' ORDER BY ordinal_position",
            connection);
        command.Parameters.AddWithValue("schema", TableSchema);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return columns;
    }
}
