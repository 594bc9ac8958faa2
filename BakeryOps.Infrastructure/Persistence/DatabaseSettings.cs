using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>Reads and validates <see cref="DatabaseOptions"/> at start, honouring the earlier system's variables.</summary>
public static class DatabaseSettings
{
    public const string LegacyUrlVariable = "PG_DATABASE_URL";
    public const string LegacyDatabaseNameVariable = "DB_NAME";
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>Binds, applies legacy variables and validates; a bad value throws with a message that names the key.</summary>
    public static DatabaseOptions Resolve(IConfiguration configuration, string dataDirectory)
    {
        var options = new DatabaseOptions();
        var errors = new List<string>();
        var section = configuration.GetSection(DatabaseOptions.SectionName);

        var provider = section[nameof(DatabaseOptions.Provider)];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            if (Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                options.Provider = parsed;
            }
            else
            {
                errors.Add($"Database:Provider has the invalid value '{provider}'; use Sqlite or Postgres.");
            }
        }

        options.ConnectionString = NullIfBlank(section[nameof(DatabaseOptions.ConnectionString)]);
        ReadBool(section, nameof(DatabaseOptions.MigrateAtStartup), v => options.MigrateAtStartup = v, errors);
        var timeout = section[nameof(DatabaseOptions.CommandTimeoutSeconds)];
        if (timeout is not null)
        {
            if (int.TryParse(timeout, out var seconds) && seconds is > 0 and <= 3600)
            {
                options.CommandTimeoutSeconds = seconds;
            }
            else
            {
                errors.Add($"Database:CommandTimeoutSeconds must be a whole number of seconds from 1 to 3600 (found '{timeout}').");
            }
        }

        var legacyUrl = NullIfBlank(configuration[LegacyUrlVariable]);
        if (legacyUrl is not null)
        {
            if (PostgresUrl.TryConvert(legacyUrl, configuration[LegacyDatabaseNameVariable], out var converted, out var reason))
            {
                options.Provider = DatabaseProvider.Postgres;
                options.ConnectionString = converted;
            }
            else
            {
                errors.Add($"{LegacyUrlVariable} is not a valid PostgreSQL URL: {reason}.");
            }
        }

        if (errors.Count == 0)
        {
            Complete(options, dataDirectory, errors);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions), errors);
        }

        return options;
    }

    private static void Complete(DatabaseOptions options, string dataDirectory, List<string> errors)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            options.ConnectionString ??= $"Data Source={Path.Combine(dataDirectory, "bakeryops.db")}";
            return;
        }

        if (options.ConnectionString is null)
        {
            errors.Add("Database:ConnectionString is required when Database:Provider is Postgres (or set PG_DATABASE_URL).");
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                errors.Add("Database:ConnectionString has no Host.");
            }

            // Npgsql prepares nothing unless told to, and the portal repeats the same few statements all day: prepared,
            // they cost PostgreSQL a fifth to a quarter less CPU (docs/benchmarks.md). A value in the string wins, 0 included.
            var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
            if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            {
                builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
                options.ConnectionString = builder.ConnectionString;
            }
        }
        catch (ArgumentException)
        {
            // The message of the exception may quote the string, password included: do not pass it on.
            errors.Add("Database:ConnectionString is not a valid PostgreSQL connection string.");
        }
    }

    private static void ReadBool(IConfiguration section, string key, Action<bool> set, List<string> errors)
    {
        var value = section[key];
        if (value is null)
        {
            return;
        }

        if (bool.TryParse(value, out var parsed))
        {
            set(parsed);
        }
        else
        {
            errors.Add($"Database:{key} must be true or false (found '{value}').");
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
