using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>Leases keep two portal nodes on one database from working on one facility at once, on both providers.</summary>
public abstract class SyncLeaseTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private SyncLeases Leases => fixture.Services.GetRequiredService<SyncLeases>();

    [Fact]
    public async Task Lease_WhenHeld_ThenAnotherHolderIsRefusedUntilItIsReleased()
    {
        var name = $"test:{Guid.NewGuid():N}";

        (await Leases.TryAcquireAsync(name, "node-a", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue();
        (await Leases.TryAcquireAsync(name, "node-b", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeFalse();
        (await Leases.TryAcquireAsync(name, "node-a", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue("the holder renews it");
        await Leases.ReleaseAsync(name, "node-b", CancellationToken.None);
        (await Leases.TryAcquireAsync(name, "node-b", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeFalse("only the holder gives it back");
        await Leases.ReleaseAsync(name, "node-a", CancellationToken.None);
        (await Leases.TryAcquireAsync(name, "node-b", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task Lease_WhenItExpires_ThenAnotherTakesItAndTheOldHolderCannotRenew()
    {
        var name = $"test:{Guid.NewGuid():N}";
        (await Leases.TryAcquireAsync(name, "node-a", TimeSpan.FromMilliseconds(300), CancellationToken.None)).Should().BeTrue();

        await Task.Delay(600);

        (await Leases.TryAcquireAsync(name, "node-b", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue();
        (await Leases.TryAcquireAsync(name, "node-a", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Runner_WhenAnotherNodeHoldsTheFacility_ThenStartIsAConflictAndTheScheduleSkipsIt()
    {
        var runner = fixture.Services.GetRequiredService<CardexSyncRunner>();
        var lease = CardexSyncRunner.LeaseName(CardexSyncDriver.Facility);
        (await Leases.TryAcquireAsync(lease, "another-node", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue();
        try
        {
            var start = () => runner.StartAsync(CardexSyncDriver.Facility, CardexSyncMode.Incremental, "test", CancellationToken.None);
            (await start.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("another portal node");

            var runs = await runner.RunAllAsync("schedule", CancellationToken.None);
            runs.Should().NotContain(r => r.FacilityId == CardexSyncDriver.Facility);
            runner.RunningRunOf(CardexSyncDriver.Facility).Should().BeNull("a refused start holds nothing");
        }
        finally
        {
            await Leases.ReleaseAsync(lease, "another-node", CancellationToken.None);
        }

        (await runner.RunAllAsync("schedule", CancellationToken.None)).Should().Contain(r => r.FacilityId == CardexSyncDriver.Facility && r.Status == "succeeded");
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteSyncLeaseTests(SqlitePortalFixture fixture)
    : SyncLeaseTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresSyncLeaseTests(PostgresPortalFixture fixture)
    : SyncLeaseTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
