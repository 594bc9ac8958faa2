using System.Diagnostics;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Jde.Simulator;

public sealed class JdeSimulatorJournalTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 30, 15, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(T0.UtcDateTime);
    private static readonly BakerySampleData Data = BakerySampleData.Default;
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly string _directory = Directory.CreateTempSubdirectory("jdesim-journal-").FullName;

    private string StatePath => Path.Combine(_directory, "state.bin");

    private string JournalPath => Path.Combine(_directory, "state.journal");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SaveAsync_WhenPostsJournaledWithoutSnapshot_ThenLoadOnALaterDayGivesTheSameStateAndNumbersContinue()
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        var postings = await PostAndSaveAsync(state, snapshot, 3);
        state.GlPeriodOpenFrom = new DateOnly(2026, 11, 1);
        await snapshot.SaveAsync(CancellationToken.None);

        _clock.SetUtcNow(T0.AddDays(3));
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);

        File.Exists(StatePath).Should().BeFalse("a post only appends to the journal");
        snapshot.JournalRecords.Should().Be(4);
        loaded.StartDate.Should().Be(Today, "the seeded history is rebuilt for the day the journal started from");
        loaded.GlPeriodOpenFrom.Should().Be(new DateOnly(2026, 11, 1));
        AssertSameState(loaded, state, postings);
        AssertNumbersContinue(loaded, state);
    }

    [Fact]
    public async Task SaveAsync_WhenOnlyTheGlPeriodChanged_ThenItSurvivesARestart()
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        state.GlPeriodOpenFrom = Today;

        await snapshot.SaveAsync(CancellationToken.None);
        await snapshot.SaveAsync(CancellationToken.None);

        snapshot.JournalRecords.Should().Be(1, "a save with nothing new writes nothing");
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        loaded.GlPeriodOpenFrom.Should().Be(Today);
    }

    [Fact]
    public async Task CompactAsync_WhenMorePostsFollow_ThenLoadGivesTheSameState()
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        var postings = await PostAndSaveAsync(state, snapshot, 3);

        await snapshot.CompactAsync(CancellationToken.None);
        var compactedJournal = new FileInfo(JournalPath).Length;
        _clock.SetUtcNow(T0.AddHours(1));
        postings.AddRange(await PostAndSaveAsync(state, snapshot, 2, "AFTER"));
        state.GlPeriodOpenFrom = Today;
        await snapshot.SaveAsync(CancellationToken.None);

        compactedJournal.Should().BeLessThan(64, "only the header is left");
        snapshot.JournalRecords.Should().Be(3);
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        loaded.GlPeriodOpenFrom.Should().Be(Today);
        AssertSameState(loaded, state, postings);
        AssertNumbersContinue(loaded, state);
        Directory.GetFiles(_directory, ".*").Should().BeEmpty("temporary files are renamed");
    }

    [Fact]
    public async Task CompactAsync_WhenInterruptedBeforeTheJournalWasReplaced_ThenRecordsInTheSnapshotAreNotAppliedTwice()
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        var postings = await PostAndSaveAsync(state, snapshot, 3);
        state.GlPeriodOpenFrom = Today;
        var oldJournal = await File.ReadAllBytesAsync(JournalPath);

        await snapshot.CompactAsync(CancellationToken.None);
        // As if the process died between renaming the snapshot and replacing the journal.
        await File.WriteAllBytesAsync(JournalPath, oldJournal);

        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        AssertSameState(loaded, state, postings);
        loaded.GlPeriodOpenFrom.Should().Be(Today);
        var again = new JdeSimulatorSnapshot(loaded, StatePath);
        postings.AddRange(await PostAndSaveAsync(loaded, again, 1, "AFTER"));
        using var reloaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        AssertSameState(reloaded, loaded, postings);
    }

    [Fact]
    public async Task CompactAsync_WhenPostsAndSavesRunMeanwhile_ThenNoneIsLost()
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock, generatedRows: 200_000);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        await PostAndSaveAsync(state, snapshot, 2);
        // The view is captured before CompactAsync first yields; writing 200 000 rows takes far longer than two saves.
        var compaction = snapshot.CompactAsync(CancellationToken.None);
        var during = await PostAndSaveAsync(state, snapshot, 2, "DURING");
        await compaction;
        snapshot.JournalRecords.Should().Be(1, "saves made while the snapshot was written are carried into the new journal as one record");
        var posting = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null)) with { Explanation = $"RACE-{i}" })
                    .IsSuccess.Should().BeTrue();
                // Every other post saves; the rest are picked up by the next save or the snapshot.
                if (i % 2 == 1)
                {
                    await snapshot.SaveAsync(CancellationToken.None);
                }
            }
        });

        for (var i = 0; i < 3; i++)
        {
            await snapshot.CompactAsync(CancellationToken.None);
        }

        await posting;
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        loaded.LedgerCount.Should().Be(state.LedgerCount);
        AllRows(loaded).TakeLast(80).Should().Equal(AllRows(state).TakeLast(80));
        loaded.GetBalances().Should().Equal(state.GetBalances());
        loaded.FindPostingsByExplanation("RACE-", prefix: true).Should().HaveCount(60);
        during.Should().OnlyContain(p => loaded.FindPosting(p.DocumentNumber) != null);
    }

    [Fact]
    public async Task SaveAsync_WhenAStateNotLoadedFromTheFilesSavesOverThem_ThenItReplacesThemWholeOnce()
    {
        using (var old = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock))
        {
            var oldSnapshot = new JdeSimulatorSnapshot(old, StatePath);
            await oldSnapshot.CompactAsync(CancellationToken.None);
            await PostAndSaveAsync(old, oldSnapshot, 2, "OLD");
        }

        using var state = JdeSimulatorState.Create(Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        var postings = await PostAndSaveAsync(state, snapshot, 2, "NEW");

        snapshot.JournalRecords.Should().Be(1, "the first save wrote the snapshot, the second appended");
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        AssertSameState(loaded, state, postings);
        loaded.FindPostingsByExplanation("BAKERYOPS. OLD", prefix: true).Should().BeEmpty();
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("zeros")]
    public async Task LoadOrCreate_WhenTheLastJournalRecordIsTorn_ThenItIsIgnoredAndAppendsFollowTheLastWholeOne(string damage)
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        var postings = await PostAndSaveAsync(state, snapshot, 2);
        var wholeLength = new FileInfo(JournalPath).Length;
        var lost = (await PostAndSaveAsync(state, snapshot, 1, "LOST"))[0];
        var fullLength = new FileInfo(JournalPath).Length;
        if (damage == "cut")
        {
            using var stream = new FileStream(JournalPath, FileMode.Open);
            stream.SetLength(fullLength - 7);
        }
        else
        {
            // A crash after the file grew but before the record's data reached the disk.
            using var stream = new FileStream(JournalPath, FileMode.Open);
            stream.Position = wholeLength;
            stream.Write(new byte[fullLength - wholeLength + 4096]);
        }

        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);

        loaded.FindPosting(lost.DocumentNumber).Should().BeNull();
        loaded.LedgerCount.Should().Be(state.LedgerCount - lost.Rows.Count);
        postings.Should().OnlyContain(p => loaded.FindPosting(p.DocumentNumber) != null);
        new FileInfo(JournalPath).Length.Should().Be(wholeLength, "the torn tail is cut off");
        var again = new JdeSimulatorSnapshot(loaded, StatePath);
        postings.AddRange(await PostAndSaveAsync(loaded, again, 1, "AFTER"));
        using var reloaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        AssertSameState(reloaded, loaded, postings);
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("length")]
    public async Task LoadOrCreate_WhenAJournalRecordBeforeTheLastIsCorrupted_ThenThrowsNamingTheFile(string damage)
    {
        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        await PostAndSaveAsync(state, snapshot, 1);
        var firstEnd = new FileInfo(JournalPath).Length;
        await PostAndSaveAsync(state, snapshot, 2, "MORE");
        var bytes = await File.ReadAllBytesAsync(JournalPath);
        // The header is 29 bytes; the first record's frame starts right after it.
        bytes[damage == "payload" ? (int)(firstEnd - 40) : 29 + 1] ^= 0x20;
        await File.WriteAllBytesAsync(JournalPath, bytes);

        var load = () => JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);

        load.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(JournalPath);
    }

    [Fact]
    public void LoadOrCreate_WhenTheJournalIsNotAJournal_ThenThrowsNamingTheFile()
    {
        File.WriteAllText(JournalPath, "this is not a journal at all, it is text");

        var load = () => JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);

        load.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(JournalPath);
    }

    [Fact]
    public async Task LoadOrCreate_WhenTheJournalFollowsASnapshotThatIsMissing_ThenThrowsRatherThanLosingPosts()
    {
        using (var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock))
        {
            var snapshot = new JdeSimulatorSnapshot(state, StatePath);
            await snapshot.CompactAsync(CancellationToken.None);
            await PostAndSaveAsync(state, snapshot, 1);
        }

        File.Delete(StatePath);
        var load = () => JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);

        load.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(JournalPath);
    }

    [Fact]
    public async Task SaveAsync_WhenAMillionRowLedgerWasLoaded_ThenAPostAppendsASmallRecordAndLeavesTheSnapshot()
    {
        using (var generated = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock, generatedRows: 1_000_000))
        {
            var watch = Stopwatch.StartNew();
            await generated.SaveSnapshotAsync(StatePath);
            output.WriteLine($"full snapshot of 1M rows: {watch.Elapsed.TotalMilliseconds:F0} ms");
        }

        using var state = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock, generatedRows: 1_000_000);
        var snapshot = new JdeSimulatorSnapshot(state, StatePath);
        var before = new FileInfo(StatePath);
        _clock.SetUtcNow(T0.AddHours(1));

        var times = new List<double>();
        var postings = new List<JdePosting>();
        for (var i = 0; i < 5; i++)
        {
            postings.Add(state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null)) with { Explanation = $"BIG-{i}" }).Posting!);
            var watch = Stopwatch.StartNew();
            await snapshot.SaveAsync(CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"journal append after a post on 1M rows: {string.Join(", ", times.Select(t => t.ToString("F2")))} ms, journal {new FileInfo(JournalPath).Length} bytes");
        var after = new FileInfo(StatePath);
        after.Length.Should().Be(before.Length);
        after.LastWriteTimeUtc.Should().Be(before.LastWriteTimeUtc);
        new FileInfo(JournalPath).Length.Should().BeLessThan(2_048);
        using var loaded = JdeSimulatorState.LoadOrCreate(StatePath, Data, _clock);
        loaded.LedgerCount.Should().Be(1_000_005);
        postings.Should().OnlyContain(p => loaded.FindPosting(p.DocumentNumber)!.Rows.SequenceEqual(p.Rows));
        loaded.GetBalances().Should().Equal(state.GetBalances());
    }

    private static async Task<List<JdePosting>> PostAndSaveAsync(JdeSimulatorState state, JdeSimulatorSnapshot snapshot, int count, string tag = "POST")
    {
        var postings = new List<JdePosting>();
        for (var i = 0; i < count; i++)
        {
            // Issues, a receipt into a new lot, and an explanation longer than TREX: everything a post can change.
            var request = (i % 3) switch
            {
                0 => Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1.5m, "KG", null)),
                1 => Request("IA", new JdeAdjustmentLine("B_BUTTER_82", 4m, "KG", $"L-{tag}-{i}"), new JdeAdjustmentLine("60032", -2m, "KG", null, 1.2345m)),
                _ => Request("II", new JdeAdjustmentLine("B_BUTTER_82", 0.25m, "KG", "L2508-B82-01")),
            };
            var result = state.PostAdjustment(request with { Explanation = $"BAKERYOPS. {tag} {i}: 0123456789abcdefghij" });
            result.IsSuccess.Should().BeTrue(string.Join("; ", result.Errors.Select(e => e.Description)));
            postings.Add(result.Posting!);
            await snapshot.SaveAsync(CancellationToken.None);
        }

        return postings;
    }

    private static void AssertSameState(JdeSimulatorState loaded, JdeSimulatorState original, IEnumerable<JdePosting> postings)
    {
        loaded.LedgerCount.Should().Be(original.LedgerCount);
        AllRows(loaded).Should().Equal(AllRows(original));
        loaded.GetBalances().Should().Equal(original.GetBalances(), "balance keys keep their order");
        foreach (var posting in postings)
        {
            loaded.FindPosting(posting.DocumentNumber).Should().BeEquivalentTo(posting);
            loaded.FindPostingsByExplanation(posting.Explanation).Should().BeEquivalentTo(original.FindPostingsByExplanation(posting.Explanation));
        }
    }

    private static void AssertNumbersContinue(JdeSimulatorState loaded, JdeSimulatorState original)
    {
        var request = Request("II", new JdeAdjustmentLine("B_SALT_FINE", 1m, "KG", null)) with { Explanation = "NEXT" };
        var next = loaded.PostAdjustment(request).Posting!;
        next.Should().BeEquivalentTo(original.PostAdjustment(request).Posting);
    }

    private static JdeAdjustmentRequest Request(string dct, params JdeAdjustmentLine[] lines) =>
        new("1110", dct, "BAKERYOPS test", Today, Today, lines);

    private static List<JdeLedgerRow> AllRows(JdeSimulatorState state) =>
        state.SampleData.Branches.SelectMany(b => state.QueryLedger(b.Mcu, DateOnly.MinValue, int.MaxValue).Rows).OrderBy(r => r.Ukid).ToList();
}
