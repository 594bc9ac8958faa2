using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Operations;

/// <summary>
/// The portal that is backed up: the folder lake in its data directory, a snapshot after each sync run as in
/// production; seeded once for the class.
/// </summary>
public abstract class BackupSourceFixture : PortalFixture
{
    private readonly SemaphoreSlim _seeding = new(1, 1);
    private bool _seeded;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Reconciliation:SnapshotAfterSync"] = "true" };

    public async Task SeedOnceAsync(Func<Task> seed)
    {
        await _seeding.WaitAsync();
        try
        {
            if (!_seeded)
            {
                await seed();
                _seeded = true;
            }
        }
        finally
        {
            _seeding.Release();
        }
    }
}

public sealed class PostgresBackupSourceFixture : BackupSourceFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The embedded mode's portal: SQLite.</summary>
public sealed class SqliteBackupSourceFixture : BackupSourceFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
