using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// The S3 lake is down while a cardex run applies rows: the run is recorded failed in words, the rows stay applied,
/// and the next run, with the lake back, writes the missed run's <c>cardex_changes</c> under that run's id.
/// </summary>
[Trait("Category", "S3")]
public sealed class CardexLakeOutageTests(S3TestBucket bucket) : IClassFixture<S3TestBucket>, IAsyncLifetime
{
    private TcpGate _gate = null!;
    private LakeOutagePortal _portal = null!;

    public async Task InitializeAsync()
    {
        _gate = new TcpGate(TestEnvironment.S3ServiceUrl);
        _portal = new LakeOutagePortal(new Dictionary<string, string?>
        {
            ["Lake:Store"] = "S3",
            ["Lake:S3:Bucket"] = bucket.Name,
            ["Lake:S3:ServiceUrl"] = _gate.Address(TestEnvironment.S3ServiceUrl).ToString(),
            ["Lake:S3:ForcePathStyle"] = "true",
            ["Lake:S3:AccessKeyId"] = TestEnvironment.S3AccessKey,
            ["Lake:S3:SecretAccessKey"] = TestEnvironment.S3SecretKey,
            ["Lake:StoreAttempts"] = "1",
        });
        await _portal.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _gate.DisposeAsync();
    }

    [Fact]
    public async Task Run_WhenTheLakeIsDown_ThenItFailsInWordsKeepsTheSyncAndTheNextRunWritesTheMissedRows()
    {
        var sync = new CardexSyncDriver(_portal);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        var flour = await sync.OnHandAsync(CardexSyncDriver.Flour);
        var document = await sync.RecordInJdeAsync("B_FLOUR_T55", 8m, "KG", "OV", explanation: "PO 6001 received");

        _gate.Close();
        SyncRunView failed;
        try
        {
            failed = await sync.RunExpectingFailureAsync();
        }
        finally
        {
            _gate.Open();
        }

        failed.Error.Should().Contain("cardex_changes").And.Contain("A later run writes them");
        failed.Counts.GetValueOrDefault(CardexSyncCounts.Applied).Should().Be(1);
        (await sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(flour + 8m, "the sync itself was committed");
        (await LakeRunsAsync()).Should().NotContain(failed.Id);

        var next = await sync.RunAsync();

        next.Counts.GetValueOrDefault(CardexSyncCounts.LakeRowsLate).Should().BeGreaterThanOrEqualTo(1);
        (await LakeRunsAsync()).Should().Contain(failed.Id).And.Contain(next.Id);
        (await sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Which.RunId.Should().Be(failed.Id);
    }

    private async Task<List<Guid?>> LakeRunsAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        return await db.DispatchLogs.Where(d => d.Dataset == CardexChangeRecord.Dataset).Select(d => d.RunId).ToListAsync();
    }

    private sealed class LakeOutagePortal(IReadOnlyDictionary<string, string?> settings) : PortalFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
