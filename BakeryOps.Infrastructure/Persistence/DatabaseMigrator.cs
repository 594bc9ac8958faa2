using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>Applies the provider's pending migrations at start, unless <c>Database:MigrateAtStartup</c> is false.</summary>
public sealed partial class DatabaseMigrator(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!options.Value.MigrateAtStartup)
        {
            LogMigrationsSkipped(logger, db.Provider);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(logger, db.Provider);
            return;
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count, db.Provider, string.Join(", ", pending));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) is up to date")]
    private static partial void LogUpToDate(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s) to the {Provider} database: {Migrations}")]
    private static partial void LogMigrated(ILogger logger, int count, DatabaseProvider provider, string migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database:MigrateAtStartup is false: {Provider} migrations were not applied")]
    private static partial void LogMigrationsSkipped(ILogger logger, DatabaseProvider provider);
}
