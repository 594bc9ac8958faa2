using System.Runtime.Versioning;
using BakeryOps.Tests.TestInfrastructure;
using Npgsql;

namespace BakeryOps.Tests.Operations;

/// <summary>Backup and restore of a portal on PostgreSQL: pg_dump, then pg_restore into a new empty database.</summary>
[Trait("Category", "Postgres")]
[SupportedOSPlatform("linux")]
public sealed class PostgresBackupRestoreTests(PostgresBackupSourceFixture source) : BackupRestoreTests(source), IClassFixture<PostgresBackupSourceFixture>
{
    protected override Task<string[]> BackupDatabaseArgumentsAsync() => Task.FromResult<string[]>(["--connection", source.Database.ConnectionString]);

    protected override async Task<RestoreTarget> NewTargetAsync(string dataDirectory)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        return new RestoreTarget(database.ConnectionString, ["--connection", database.ConnectionString],
            new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = database.ConnectionString }, database);
    }

    /// <summary>Every table of the public schema: its row count and a hash of all its rows' text, in a fixed order.</summary>
    protected override async Task<Dictionary<string, TableContent>> TableContentsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var contents = new Dictionary<string, TableContent>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\")), '') FROM \"{table}\" t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            contents[table] = new TableContent(reader.GetInt64(0), reader.GetString(1));
        }

        return contents;
    }
}
