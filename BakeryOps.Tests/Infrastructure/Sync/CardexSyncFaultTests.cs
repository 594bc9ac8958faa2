using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// A run that JD Edwards fails (every read attempt) is recorded as failed and leaves nothing half-done: the clean run
/// after it ends where a clean run alone would, with every posted row applied exactly once and every ledger row of
/// the branch mirrored once.
/// </summary>
public abstract class CardexSyncFaultTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly CardexSyncDriver _sync = new(fixture);

    [Theory]
    [InlineData(JdeFaultKind.Error500Html)]
    [InlineData(JdeFaultKind.Unavailable503)]
    [InlineData(JdeFaultKind.Error500Json)]
    [InlineData(JdeFaultKind.Hang)]
    [InlineData(JdeFaultKind.ConnectionReset)]
    [InlineData(JdeFaultKind.Truncate)]
    public async Task FailedRun_WhenFollowedByACleanRun_ThenEveryRowIsAppliedOnceAndMirroredOnce(JdeFaultKind fault)
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        var flour = await _sync.OnHandAsync(CardexSyncDriver.Flour);
        var eggs = await _sync.OnHandAsync(CardexSyncDriver.Eggs);
        long[] documents =
        [
            await _sync.PostAsync("B_FLOUR_T55", 5m, "KG", documentType: "II", explanation: "Mixer 2"),
            await _sync.PostAsync("B_EGGS_LARGE", 1m, "CS", lot: "L2511-EGG-01", documentType: "IA", explanation: "Found a case"),
        ];
        var faults = fixture.Services.GetRequiredService<JdeSimulatorFaults>();
        faults.Arm(fault, calls: 20, orchestration: "JDE_CARDEX_SUMMARY");
        SyncRunView failed;
        try
        {
            failed = await _sync.RunExpectingFailureAsync();
        }
        finally
        {
            faults.Clear();
        }

        var clean = await _sync.RunAsync();

        failed.Error.Should().NotBeNullOrWhiteSpace();
        clean.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(2);
        foreach (var document in documents)
        {
            var entry = (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
            entry.Outcome.Should().Be(CardexOutcome.Applied);
            (await _sync.MovementsOfLedgerKeyAsync(entry.Ukid)).Should().Be(1);
        }

        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(flour - 5m);
        (await _sync.OnHandAsync(CardexSyncDriver.Eggs)).Should().Be(eggs + 360m);
        (await _sync.MirroredUkidsAsync()).Should().BeEquivalentTo(_sync.LedgerUkidsOfTheBranch(), "every ledger row of the branch is mirrored once");
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteCardexSyncFaultTests(SqliteCardexSyncFaultTests.FaultFixture fixture)
    : CardexSyncFaultTests<SqliteCardexSyncFaultTests.FaultFixture>(fixture), IClassFixture<SqliteCardexSyncFaultTests.FaultFixture>
{
    public sealed class FaultFixture : PortalFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
        protected override IReadOnlyDictionary<string, string?> Settings => CardexSyncFaultSettings.Values;
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresCardexSyncFaultTests(PostgresCardexSyncFaultTests.FaultFixture fixture)
    : CardexSyncFaultTests<PostgresCardexSyncFaultTests.FaultFixture>(fixture), IClassFixture<PostgresCardexSyncFaultTests.FaultFixture>
{
    public sealed class FaultFixture : PortalFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override IReadOnlyDictionary<string, string?> Settings => CardexSyncFaultSettings.Values;
    }
}

/// <summary>Short timeouts so a hang fails fast, and a circuit that stays closed so one test's failures do not refuse the next's calls.</summary>
internal static class CardexSyncFaultSettings
{
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Jde:Resilience:ReadTimeoutSeconds"] = "1",
        ["Jde:Resilience:RetryBaseDelayMilliseconds"] = "10",
        ["Jde:Resilience:CircuitBreaker:MinimumThroughput"] = "1000",
        ["Sync:BatchRows"] = "3",
    };
}
