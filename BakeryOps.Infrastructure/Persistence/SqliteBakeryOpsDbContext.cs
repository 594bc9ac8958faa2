using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Persistence;

public sealed class SqliteBakeryOpsDbContext(DbContextOptions<SqliteBakeryOpsDbContext> options)
    : BakeryOpsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // SQLite has no native instant or decimal type: without these converters DateTimeOffset cannot be
    // compared or ordered in SQL, and decimal sums go through EF's UDFs. One LINQ code path on both providers.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
    }
}
