namespace BakeryOps.Infrastructure.Persistence;

/// <summary>
/// Database settings, section <c>Database</c>. The earlier system's <c>PG_DATABASE_URL</c> (URL form) and
/// <c>DB_NAME</c> are honoured and win over this section when set.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default, a file in the data directory) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>An ADO.NET connection string. Defaults to <c>bakeryops.db</c> in the data directory for SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start (default true). Production may switch this off and migrate separately.</summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>Seconds a single command may run before it is cancelled (default 30).</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;
}
