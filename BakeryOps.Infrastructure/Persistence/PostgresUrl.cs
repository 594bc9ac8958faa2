using Npgsql;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>Turns the earlier system's <c>postgresql://user:pass@host:port/db?sslmode=require</c> URLs into Npgsql connection strings.</summary>
public static class PostgresUrl
{
    /// <summary>Returns false with a reason (which never contains the password) when the value is not a usable URL.</summary>
    public static bool TryConvert(string url, string? databaseOverride, out string connectionString, out string error)
    {
        connectionString = "";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            error = "expected the form postgresql://user:password@host:port/database";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            error = "the host is missing";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (!string.IsNullOrWhiteSpace(databaseOverride) && database.Length == 0)
        {
            database = databaseOverride.Trim();
        }

        if (database.Length == 0)
        {
            error = "the database name is missing (add /database to the URL or set DB_NAME)";
            return false;
        }

        builder.Database = database;

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            try
            {
                builder[MapQueryKey(key)] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                error = $"the URL parameter '{key}' is not supported or has an invalid value";
                return false;
            }
        }

        connectionString = builder.ConnectionString;
        error = "";
        return true;
    }

    // libpq spells some keywords differently from Npgsql.
    private static string MapQueryKey(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "sslrootcert" => "Root Certificate",
        "connect_timeout" => "Timeout",
        "application_name" => "Application Name",
        _ => key,
    };
}
