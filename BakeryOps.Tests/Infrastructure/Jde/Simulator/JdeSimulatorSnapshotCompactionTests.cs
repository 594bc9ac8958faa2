using System.Diagnostics;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Jde.Simulator;

public sealed class JdeSimulatorSnapshotCompactionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 30, 15, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(T0.UtcDateTime);
    private static readonly BakerySampleData Data = BakerySampleData.Default;
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly string _directory = Directory.CreateTempSubdirectory("jdesim-compaction-").FullName;
    private readonly JdeSimulatorState _state;
    private readonly JdeSimulatorSnapshot _snapshot;
    private readonly ServiceProvider _services;

    public JdeSimulatorSnapshotCompactionTests()
    {
        _state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        _snapshot = new JdeSimulatorSnapshot(_state, StatePath);
        _services = new ServiceCollection().AddSingleton(_snapshot).BuildServiceProvider();
    }

    private string StatePath => Path.Combine(_directory, "state.bin");

    public void Dispose()
    {
        _services.Dispose();
        _state.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ExecuteAsync_WhenTheJournalPassesTheRecordThreshold_ThenASnapshotIsWrittenAndTheJournalEmptied()
    {
        using var service = Service(JdeMode.Simulator, compactAfterRecords: 3);
        await service.StartAsync(CancellationToken.None);
        await service.Watching.WaitAsync(TimeSpan.FromSeconds(10));

        await PostAndSaveAsync(2);
        await Task.Delay(200);
        File.Exists(StatePath).Should().BeFalse("two records are below the threshold");
        await PostAndSaveAsync(1);
        await WaitUntilAsync(() => File.Exists(StatePath) && _snapshot.JournalRecords == 0);
        await PostAndSaveAsync(1);

        _snapshot.JournalRecords.Should().Be(1);
        await service.StopAsync(CancellationToken.None);
        AssertLoadsTheSameState();
    }

    [Fact]
    public async Task StopAsync_WhenTheJournalHasRecords_ThenASnapshotIsWrittenAndTheJournalEmptied()
    {
        using var service = Service(JdeMode.Simulator, compactAfterRecords: 1_000);
        await service.StartAsync(CancellationToken.None);
        await service.Watching.WaitAsync(TimeSpan.FromSeconds(10));
        await PostAndSaveAsync(2);
        await Task.Delay(100);
        File.Exists(StatePath).Should().BeFalse();

        await service.StopAsync(CancellationToken.None);

        File.Exists(StatePath).Should().BeTrue();
        _snapshot.JournalRecords.Should().Be(0);
        new FileInfo(_snapshot.JournalPath).Length.Should().BeLessThan(64);
        AssertLoadsTheSameState();
    }

    [Fact]
    public async Task StopAsync_WhenTheSimulatorIsNotInUse_ThenNothingIsWritten()
    {
        using var service = Service(JdeMode.Ais, compactAfterRecords: 1);
        await service.StartAsync(CancellationToken.None);
        await PostAndSaveAsync(2);

        await service.StopAsync(CancellationToken.None);

        service.Watching.IsCompleted.Should().BeFalse();
        File.Exists(StatePath).Should().BeFalse();
        _snapshot.JournalRecords.Should().Be(2);
    }

    private JdeSimulatorSnapshotCompaction Service(JdeMode mode, int compactAfterRecords) =>
        new(_services, Options.Create(new JdeOptions { Mode = mode }), _clock, NullLogger<JdeSimulatorSnapshotCompaction>.Instance)
        {
            CompactAfterRecords = compactAfterRecords,
        };

    private async Task PostAndSaveAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _state.PostAdjustment(new JdeAdjustmentRequest("1110", "II", $"COMPACT {i}", Today, Today,
                [new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null)])).IsSuccess.Should().BeTrue();
            await _snapshot.SaveAsync(CancellationToken.None);
        }
    }

    private void AssertLoadsTheSameState()
    {
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        loaded.LedgerCount.Should().Be(_state.LedgerCount);
        loaded.GetBalances().Should().Equal(_state.GetBalances());
        loaded.FindPostingsByExplanation("COMPACT", prefix: true).Should().BeEquivalentTo(_state.FindPostingsByExplanation("COMPACT", prefix: true));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the compaction should have run by now");
            await Task.Delay(20);
        }
    }
}
