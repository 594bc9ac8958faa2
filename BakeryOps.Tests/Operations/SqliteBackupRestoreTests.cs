using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BakeryOps.Tests.Operations;

/// <summary>
/// Backup and restore of the embedded mode (SQLite): backup.sh reads the portal's EnvironmentFile to find the
/// database, copies it while the portal runs, and restore.sh puts it where a portal started with the defaults finds it.
/// </summary>
[Trait("Category", "Sqlite")]
[SupportedOSPlatform("linux")]
public sealed class SqliteBackupRestoreTests(SqliteBackupSourceFixture source) : BackupRestoreTests(source), IClassFixture<SqliteBackupSourceFixture>
{
    protected override async Task<string[]> BackupDatabaseArgumentsAsync()
    {
        Directory.CreateDirectory(Work);
        var environmentFile = Path.Combine(Work, "bakeryops.env");
        await File.WriteAllTextAsync(environmentFile, $"""
            # as deploy/bakeryops.env.example has it, for the embedded mode
            Database__Provider=Sqlite
            Database__ConnectionString="{source.Database.ConnectionString}"
            BAKERYOPS_DATA_DIR=/nonexistent/the-command-line-wins

            """);
        return ["--env-file", environmentFile];
    }

    /// <summary>Nothing to create: restore.sh writes DATA/bakeryops.db, where a portal with no connection string looks.</summary>
    protected override Task<RestoreTarget> NewTargetAsync(string dataDirectory) => Task.FromResult(new RestoreTarget(
        $"Data Source={Path.Combine(dataDirectory, "bakeryops.db")}", [], new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" }));

    protected override async Task<Dictionary<string, TableContent>> TableContentsAsync(string connectionString)
    {
        // Unpooled and read-only: a pooled connection would keep reading a file that restore --force replaced.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var contents = new Dictionary<string, TableContent>();
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetValue(i) switch
                    {
                        DBNull => "\0",
                        byte[] bytes => Convert.ToHexString(bytes),
                        var value => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                    };
                }

                rows.Add(string.Join('\u001f', values));
            }

            rows.Sort(StringComparer.Ordinal);
            contents[table] = new TableContent(rows.Count, Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows)))));
        }

        return contents;
    }
}
