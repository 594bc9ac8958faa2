using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Persistence;

public sealed class PostgresBakeryOpsDbContext(DbContextOptions<PostgresBakeryOpsDbContext> options)
    : BakeryOpsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
