using BakeryOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>A fresh, empty database that is removed on dispose.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }
    public abstract string ConnectionString { get; }

    public abstract BakeryOpsDbContext CreateContext(params IInterceptor[] interceptors);

    /// <summary>What the services under test take: each context a new one on this database, with these interceptors.</summary>
    public IDbContextFactory<BakeryOpsDbContext> ContextFactory(params IInterceptor[] interceptors) => new Factory(this, interceptors);

    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteTestDatabase(),
        DatabaseProvider.Postgres => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>
    /// A fresh database with every migration applied: a copy of one database migrated once per test run, because
    /// migrating each of the suite's hundreds of databases costs more than copying a migrated one.
    /// </summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => await SqliteTestDatabase.CreateMigratedAsync(),
        DatabaseProvider.Postgres => await PostgresTestDatabase.CreateMigratedAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Applies every migration to a database just created; removes it when that fails.</summary>
    private protected static async Task<T> MigrateAsync<T>(T database)
        where T : TestDatabase
    {
        try
        {
            await using var db = database.CreateContext();
            await db.Database.MigrateAsync();
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private sealed class Factory(TestDatabase database, IInterceptor[] interceptors) : IDbContextFactory<BakeryOpsDbContext>
    {
        public BakeryOpsDbContext CreateDbContext() => database.CreateContext(interceptors);
    }
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private static readonly Lazy<Task<SqliteTestDatabase>> Template = new(async () =>
    {
        var template = await MigrateAsync(new SqliteTestDatabase());
        // Closing its pooled connection checkpoints the -wal file into the database file that is copied.
        SqliteConnection.ClearPool(new SqliteConnection(template.ConnectionString));
        return template;
    });
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bakeryops-test-{Guid.NewGuid():N}.db");

    static SqliteTestDatabase() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        if (Template.IsValueCreated && Template.Value.IsCompletedSuccessfully)
        {
            Template.Value.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    };

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString => $"Data Source={_path}";

    /// <summary>A copy of the migrated template file (its connections closed, so nothing waits in a -wal file).</summary>
    public static async Task<SqliteTestDatabase> CreateMigratedAsync()
    {
        var template = await Template.Value;
        var database = new SqliteTestDatabase();
        File.Copy(template._path, database._path);
        return database;
    }

    public override BakeryOpsDbContext CreateContext(params IInterceptor[] interceptors) => new SqliteBakeryOpsDbContext(
        new DbContextOptionsBuilder<SqliteBakeryOpsDbContext>().UseSqlite(ConnectionString).AddInterceptors(interceptors).Options);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private static readonly Lazy<Task<PostgresTestDatabase>> Template = new(async () =>
    {
        var template = await MigrateAsync(await CreateAsync());
        // CREATE DATABASE ... TEMPLATE refuses a template that has sessions.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(template.ConnectionString));
        return template;
    });

    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public override string ConnectionString { get; }

    static PostgresTestDatabase() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        if (Template.IsValueCreated && Template.Value.IsCompletedSuccessfully)
        {
            Template.Value.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    };

    public static Task<PostgresTestDatabase> CreateAsync() => CreateAsync(template: null);

    /// <summary>A copy of the database migrated once per test run (CREATE DATABASE … TEMPLATE).</summary>
    public static async Task<PostgresTestDatabase> CreateMigratedAsync() => await CreateAsync((await Template.Value)._name);

    private static async Task<PostgresTestDatabase> CreateAsync(string? template)
    {
        var admin = TestEnvironment.PostgresAdminConnectionString;
        var name = $"bakeryops_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            var from = template is null ? "" : $" TEMPLATE \"{template}\"";
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{from}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    public override BakeryOpsDbContext CreateContext(params IInterceptor[] interceptors) => new PostgresBakeryOpsDbContext(
        new DbContextOptionsBuilder<PostgresBakeryOpsDbContext>().UseNpgsql(ConnectionString).AddInterceptors(interceptors).Options);

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
