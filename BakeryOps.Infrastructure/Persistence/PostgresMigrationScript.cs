using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>
/// The idempotent script of every PostgreSQL migration, the text <c>dotnet ef migrations script --idempotent</c> writes
/// for <see cref="PostgresBakeryOpsDbContext"/>: each migration runs only when <c>__EFMigrationsHistory</c> lacks it.
/// </summary>
public static class PostgresMigrationScript
{
    public static string Generate()
    {
        // The same options as the design-time factory the CLI uses; generating a script never opens the connection.
        using var db = new PostgresBakeryOpsDbContext(new DbContextOptionsBuilder<PostgresBakeryOpsDbContext>()
            .UseNpgsql("Host=localhost;Database=bakeryops_design")
            .Options);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }
}
