using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BakeryOps.Infrastructure.Persistence;

// Used only by `dotnet ef`; `migrations add` never connects to the database.
internal sealed class SqliteDesignTimeContextFactory : IDesignTimeDbContextFactory<SqliteBakeryOpsDbContext>
{
    public SqliteBakeryOpsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBakeryOpsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeContextFactory : IDesignTimeDbContextFactory<PostgresBakeryOpsDbContext>
{
    public PostgresBakeryOpsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBakeryOpsDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("BAKERYOPS_PG") ?? "Host=localhost;Database=bakeryops_design")
            .Options);
}
