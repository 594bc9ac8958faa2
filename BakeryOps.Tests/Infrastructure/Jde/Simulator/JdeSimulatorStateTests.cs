using System.Diagnostics;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Jde.Simulator;

public sealed class JdeSimulatorStateTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 30, 15, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(T0.UtcDateTime);
    private static readonly BakerySampleData Data = BakerySampleData.Default;
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Create_WhenSeeded_ThenEveryItemBranchAndLotSumsToItsOpeningBalance()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);

        AssertLedgerMatchesBalances(state);
        var balances = state.GetBalances().ToDictionary(b => (b.Itm, b.Mcu, b.Lotn), b => b.Quantity);
        balances.Should().HaveCount(Data.OpeningBalances.Count);
        foreach (var opening in Data.OpeningBalances)
        {
            balances[(opening.ShortItemNumber, opening.Mcu, opening.Lot ?? string.Empty)].Should().Be(opening.Quantity);
        }
    }

    [Fact]
    public void Create_WhenSeeded_ThenHistoryIsDeterministicAndWithinTheWindow()
    {
        using var first = JdeSimulatorState.Create(Data, _clock);
        using var second = JdeSimulatorState.Create(Data, _clock);

        var a = AllRows(first);
        var b = AllRows(second);
        a.Should().Equal(b);
        a.Should().OnlyContain(r => r.Trdj >= Today.AddDays(-60) && r.Trdj < Today && r.Crdj == r.Trdj);
        a.Select(r => r.Dct).Distinct().Should().Contain(["OV", "II"]);
        a.Select(r => r.Ukid).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
        a.Select(r => (r.Crdj, r.Tday)).Should().BeInAscendingOrder();
        a.Where(r => r.Dct == "OV").Should().OnlyContain(r => r.Trqt > 0);
        a.Where(r => r.Dct != "OV").Should().OnlyContain(r => r.Trqt < 0);
    }

    [Fact]
    public void QueryLedger_WhenMoreRowsThanTheLimit_ThenTruncatedAndFlagged()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        var all = state.QueryLedger("1110", DateOnly.MinValue, int.MaxValue);

        var page = state.QueryLedger("  1110", DateOnly.MinValue, 5);

        all.MoreRecords.Should().BeFalse();
        page.MoreRecords.Should().BeTrue();
        page.Rows.Should().Equal(all.Rows.Take(5));
        state.QueryLedger("1110", DateOnly.MinValue, all.Rows.Count).MoreRecords.Should().BeFalse();
        state.QueryLedger("9999", DateOnly.MinValue, 10).Rows.Should().BeEmpty();
        state.IsBranch("9999").Should().BeFalse();
    }

    [Fact]
    public void QueryLedger_WhenFilteredByUpdateDate_ThenOnlyRowsWrittenOnOrAfterIt()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        var since = Today.AddDays(-10);

        var page = state.QueryLedger("1120", since, int.MaxValue);

        page.Rows.Should().NotBeEmpty().And.OnlyContain(r => r.Crdj >= since && r.Mcu == "1120");
        page.Rows.Count.Should().Be(AllRows(state).Count(r => r.Mcu == "1120" && r.Crdj >= since));
    }

    [Fact]
    public void QueryItemMaster_WhenBranchAndGlClass_ThenOnlyThatBranchesItemsOfTheClass()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);

        var page = state.QueryItemMaster("1110", "WA01", DateOnly.MinValue);

        var expected = Data.Items.Where(i => i.Branches.Contains("1110") && i.GlClass == "WA01").Select(i => i.ShortItemNumber);
        page.Rows.Select(r => r.Itm).Should().BeEquivalentTo(expected);
        page.Rows.Should().OnlyContain(r => r.Mcu == "1110" && r.Glpt == "WA01");
        var butter = page.Rows.Single(r => r.Litm == "B_BUTTER_82");
        butter.Uom1.Should().Be("KG");
        butter.Srce.Should().Be("3");
        state.QueryItemMaster("1110", null, Today).Rows.Should().BeEmpty();
        state.QueryItemMaster("1110", null, DateOnly.MinValue, 2).MoreRecords.Should().BeTrue();
    }

    [Fact]
    public void PostAdjustment_WhenValid_ThenNextQueryReturnsItsRowsWithTheDocumentNumber()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        var lastUkid = AllRows(state).Max(r => r.Ukid);
        _clock.SetUtcNow(T0.AddHours(2));

        var result = state.PostAdjustment(Request("II",
            new JdeAdjustmentLine("B_FLOUR_T55", 12.5m, "KG", null),
            new JdeAdjustmentLine("60020", 1.25m, "kg", "L2508-B82-01")));

        result.IsSuccess.Should().BeTrue();
        result.Errors.Should().BeEmpty();
        var posting = result.Posting!;
        posting.DocumentType.Should().Be("II");
        posting.Company.Should().Be("00001");
        var page = state.QueryLedger("1110", Today, int.MaxValue);
        page.Rows.Should().HaveCount(2).And.OnlyContain(r => r.Doc == posting.DocumentNumber && r.Ukid > lastUkid && r.Dct == "II");
        page.Rows.Select(r => r.Trqt).Should().Equal(-12.5m, -1.25m);
        page.Rows[0].Tday.Should().Be(103015);
        page.Rows[1].Lotn.Should().Be("L2508-B82-01");
        Balance(state, 60001, "1110", "").Should().Be(2487.5m);
        Balance(state, 60020, "1110", "L2508-B82-01").Should().Be(148.75m);
        AssertLedgerMatchesBalances(state);
    }

    [Fact]
    public void PostAdjustment_WhenAdjustmentTypeIa_ThenSignAsGivenAndNewLotCreatedOnIncrease()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);

        var result = state.PostAdjustment(Request("IA",
            new JdeAdjustmentLine("B_BUTTER_82", 10m, "KG", "L2511-NEW"),
            new JdeAdjustmentLine("B_SALT_FINE", -2m, "KG", null)));

        result.IsSuccess.Should().BeTrue();
        Balance(state, 60020, "1110", "L2511-NEW").Should().Be(10m);
        Balance(state, 60032, "1110", "").Should().Be(298m);
    }

    [Theory]
    [InlineData("9999", "IA", "B_FLOUR_T55", "1", "KG", null, JdeAdjustmentErrorKind.BranchInvalid, "0052")]
    [InlineData("1110", "XX", "B_FLOUR_T55", "1", "KG", null, JdeAdjustmentErrorKind.DocumentTypeInvalid, "0004")]
    [InlineData("1110", "II", "B_NOTHING", "1", "KG", null, JdeAdjustmentErrorKind.ItemInvalid, "0267")]
    [InlineData("1110", "II", "B_SUGAR_ICING", "1", "KG", null, JdeAdjustmentErrorKind.ItemNotInBranch, "4031")]
    [InlineData("1110", "II", "B_FLOUR_T55", "1", "GR", null, JdeAdjustmentErrorKind.UnitInvalid, "0069")]
    [InlineData("1110", "II", "B_FLOUR_T55", "0", "KG", null, JdeAdjustmentErrorKind.QuantityInvalid, "0010")]
    [InlineData("1110", "II", "B_BUTTER_82", "1", "KG", null, JdeAdjustmentErrorKind.LotRequired, "3843")]
    [InlineData("1110", "II", "B_FLOUR_T55", "1", "KG", "L1", JdeAdjustmentErrorKind.LotNotAllowed, "3844")]
    [InlineData("1110", "II", "B_BUTTER_82", "1", "KG", "L-NOPE", JdeAdjustmentErrorKind.LotUnknown, "4170")]
    [InlineData("1110", "II", "B_FLOUR_T55", "2500.0001", "KG", null, JdeAdjustmentErrorKind.NegativeOnHand, "4030")]
    [InlineData("1110", "IA", "B_FLOUR_T55", "-2501", "KG", null, JdeAdjustmentErrorKind.NegativeOnHand, "4030")]
    public void PostAdjustment_WhenInvalid_ThenTypedBusinessErrorAndNothingWritten(
        string branch, string dct, string item, string quantity, string unit, string? lot, JdeAdjustmentErrorKind kind, string code)
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        var before = state.LedgerCount;

        var result = state.PostAdjustment(Request(dct, new JdeAdjustmentLine(item, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), unit, lot)) with
        {
            BranchPlant = branch,
        });

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Should().Match<JdeBusinessError>(e => e.Kind == kind && e.Code == code && e.Title.StartsWith("Error: "));
        state.LedgerCount.Should().Be(before);
    }

    [Fact]
    public void PostAdjustment_WhenGlDateInClosedPeriod_ThenPeriodClosed()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        state.GlPeriodOpenFrom.Should().Be(new DateOnly(2026, 10, 1));
        state.GlPeriodOpenFrom = Today;

        var result = state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null)) with { GlDate = Today.AddDays(-1) });

        result.Errors.Should().ContainSingle().Which.Kind.Should().Be(JdeAdjustmentErrorKind.PeriodClosed);
    }

    [Fact]
    public void PostAdjustment_WhenOneLineOfSeveralFails_ThenNothingIsWritten()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        var before = state.GetBalances();
        var count = state.LedgerCount;

        var result = state.PostAdjustment(Request("II",
            new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null),
            new JdeAdjustmentLine("B_SALT_FINE", 1m, "KG", null),
            new JdeAdjustmentLine("B_BUTTER_82", 1m, "KG", null)));

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Line.Should().Be(2);
        state.LedgerCount.Should().Be(count);
        state.GetBalances().Should().BeEquivalentTo(before);
    }

    [Fact]
    public void PostAdjustment_WhenLinesTogetherExceedOnHand_ThenRefused()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);

        var result = state.PostAdjustment(Request("II",
            new JdeAdjustmentLine("B_FLOUR_T55", 2000m, "KG", null),
            new JdeAdjustmentLine("B_FLOUR_T55", 600m, "KG", null)));

        result.Errors.Should().ContainSingle().Which.Should().Match<JdeBusinessError>(e => e.Kind == JdeAdjustmentErrorKind.NegativeOnHand && e.Line == 1);
    }

    [Fact]
    public void PostAdjustment_WhenExplanationLongerThan30_ThenCutSilentlyAndFoundByIt()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        const string explanation = "BAKERYOPS. DEPL: 0123456789abcdef:fedcba9876543210";

        var result = state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null)) with { Explanation = explanation });

        var cut = explanation[..30];
        result.IsSuccess.Should().BeTrue();
        result.Posting!.Explanation.Should().Be(cut);
        result.Posting.Rows.Should().OnlyContain(r => r.Trex == cut);
        state.FindPostingsByExplanation(explanation).Should().ContainSingle().Which.DocumentNumber.Should().Be(result.Posting.DocumentNumber);
        state.FindPostingsByExplanation("BAKERYOPS. DEPL:", prefix: true).Should().ContainSingle();
        state.FindPostingsByExplanation("BAKERYOPS. DEPL:").Should().BeEmpty();
        state.FindPostingsByExplanation("PO receipt").Should().BeEmpty("generated history is not a posting");
        state.FindPosting(result.Posting.DocumentNumber).Should().BeEquivalentTo(result.Posting);
    }

    [Fact]
    public async Task SaveSnapshotAsync_WhenLoadedAgain_ThenPostsAndBalancesAreKept()
    {
        var path = TempFile();
        using var state = JdeSimulatorState.Create(Data, _clock);
        var posted = state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_YEAST_FRESH", 0.125m, "KG", "L2511-YF-01")) with
        {
            Explanation = "BOPS:abc123",
        }).Posting!;
        state.GlPeriodOpenFrom = new DateOnly(2026, 11, 1);

        await state.SaveSnapshotAsync(path);
        _clock.SetUtcNow(T0.AddDays(3));
        using var loaded = JdeSimulatorState.LoadOrCreate(path, Data, _clock);

        AllRows(loaded).Should().Equal(AllRows(state));
        loaded.GetBalances().Should().BeEquivalentTo(state.GetBalances());
        loaded.StartDate.Should().Be(Today);
        loaded.GlPeriodOpenFrom.Should().Be(new DateOnly(2026, 11, 1));
        loaded.FindPostingsByExplanation("BOPS:abc123").Should().ContainSingle().Which.Should().BeEquivalentTo(posted);
        var next = loaded.PostAdjustment(Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null))).Posting!;
        next.DocumentNumber.Should().BeGreaterThan(posted.DocumentNumber);
        next.Rows[0].Ukid.Should().BeGreaterThan(posted.Rows[0].Ukid);
        Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*").Should().BeEmpty("the temporary file is renamed");
    }

    [Fact]
    public void LoadOrCreate_WhenNoFile_ThenSeededState()
    {
        using var state = JdeSimulatorState.LoadOrCreate(TempFile(), Data, _clock);

        AssertLedgerMatchesBalances(state);
        state.LedgerCount.Should().BeGreaterThan(Data.OpeningBalances.Count);
    }

    [Fact]
    public void LoadOrCreate_WhenFileIsNotASnapshot_ThenThrowsRatherThanLosingPosts()
    {
        var path = TempFile();
        File.WriteAllText(path, "not a snapshot");

        var load = () => JdeSimulatorState.LoadOrCreate(path, Data, _clock);

        load.Should().Throw<InvalidDataException>();
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(20_000)]
    public void CreateWithGeneratedLedger_WhenRowsRequested_ThenExactlyThatManyAndSumsHold(int rows)
    {
        using var state = JdeSimulatorState.CreateWithGeneratedLedger(Data, _clock, rows);

        state.LedgerCount.Should().Be(rows);
        AssertLedgerMatchesBalances(state);
        state.GetBalances().Sum(b => b.Quantity).Should().Be(Data.OpeningBalances.Sum(b => b.Quantity));
    }

    [Fact]
    public async Task CreateWithGeneratedLedger_WhenAMillionRows_ThenFastAndSumsToTheOpeningBalances()
    {
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();

        using var state = JdeSimulatorState.CreateWithGeneratedLedger(Data, _clock, 1_000_000);

        var build = watch.Elapsed;
        var memory = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        state.LedgerCount.Should().Be(1_000_000);
        watch.Restart();
        var sums = new Dictionary<(int, string, string), decimal>();
        foreach (var branch in Data.Branches)
        {
            var page = state.QueryLedger(branch.Mcu, DateOnly.MinValue, int.MaxValue);
            foreach (var row in page.Rows)
            {
                sums[(row.Itm, row.Mcu, row.Lotn)] = sums.GetValueOrDefault((row.Itm, row.Mcu, row.Lotn)) + row.Trqt;
            }
        }

        var query = watch.Elapsed;
        foreach (var opening in Data.OpeningBalances)
        {
            sums[(opening.ShortItemNumber, opening.Mcu, opening.Lot ?? string.Empty)].Should().Be(opening.Quantity);
        }

        var path = TempFile();
        watch.Restart();
        await state.SaveSnapshotAsync(path);
        var save = watch.Elapsed;
        watch.Restart();
        using var loaded = JdeSimulatorState.LoadOrCreate(path, Data, _clock);
        var load = watch.Elapsed;
        loaded.LedgerCount.Should().Be(1_000_000);
        output.WriteLine($"1M rows: build {build.TotalMilliseconds:F0} ms, retained {memory / 1024 / 1024} MB, full query {query.TotalMilliseconds:F0} ms, " +
            $"save {save.TotalMilliseconds:F0} ms ({new FileInfo(path).Length / 1024 / 1024} MB), load {load.TotalMilliseconds:F0} ms");
        build.Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task PostAdjustment_WhenPostedConcurrently_ThenBalancesStayExact()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);
        const int Threads = 8;
        const int PostsPerThread = 200;

        // Each thread issues 1 KG of flour and receives 0.5 KG back; readers query meanwhile.
        var tasks = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var documents = new List<int>();
            for (var i = 0; i < PostsPerThread; i++)
            {
                documents.Add(state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_FLOUR_T55", 1m, "KG", null)) with { Explanation = $"T{t}-{i}" }).Posting!.DocumentNumber);
                state.PostAdjustment(Request("IA", new JdeAdjustmentLine("B_FLOUR_T55", 0.5m, "KG", null))).IsSuccess.Should().BeTrue();
                state.QueryLedger("1110", Today, 50);
            }

            return documents;
        })).ToList();
        var documents = (await Task.WhenAll(tasks)).SelectMany(d => d).ToList();

        documents.Should().OnlyHaveUniqueItems().And.HaveCount(Threads * PostsPerThread);
        Balance(state, 60001, "1110", "").Should().Be(2500m - (Threads * PostsPerThread * 0.5m));
        AssertLedgerMatchesBalances(state);
        AllRows(state).Select(r => r.Ukid).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    [Fact]
    public void QueryItemBalance_WhenALotIsIssuedToZero_ThenItsRowStaysAtZeroDatedToday()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);

        state.PostAdjustment(Request("II", new JdeAdjustmentLine("B_BUTTER_82", 150m, "KG", "L2508-B82-01"))).IsSuccess.Should().BeTrue();
        var page = state.QueryItemBalance("1110", 60020);

        page.MoreRecords.Should().BeFalse();
        var row = page.Rows.Should().ContainSingle().Subject;
        (row.Lotn, row.Quantity, row.Unit, row.Upmj).Should().Be(("L2508-B82-01", 0m, "KG", Today));
        AssertLedgerMatchesBalances(state);
    }

    [Fact]
    public void QueryItemBalance_WhenFilteredOrLimited_ThenInKeyOrderAndFlaggedWhenCut()
    {
        using var state = JdeSimulatorState.Create(Data, _clock);

        var all = state.QueryItemBalance(" 1120 ");
        var cut = state.QueryItemBalance("1120", maxRecords: 4);
        var byLitm = state.QueryItemBalance("1120", secondItemNumber: "b_sugar_caster");
        var conflicting = state.QueryItemBalance("1120", 60001, "B_SUGAR_CASTER");

        all.Rows.Should().HaveCount(Data.OpeningBalances.Count(b => b.Mcu == "1120")).And.BeInAscendingOrder(r => r.Itm);
        all.Rows.Should().BeEquivalentTo(state.GetBalances("1120"));
        cut.MoreRecords.Should().BeTrue();
        cut.Rows.Should().Equal(all.Rows.Take(4));
        byLitm.Rows.Should().ContainSingle().Which.Quantity.Should().Be(800m);
        conflicting.Rows.Should().BeEmpty();
    }

    private static JdeAdjustmentRequest Request(string dct, params JdeAdjustmentLine[] lines) =>
        new("1110", dct, "BAKERYOPS test", Today, Today, lines);

    private static decimal Balance(JdeSimulatorState state, int itm, string mcu, string lot) =>
        state.GetBalances(mcu).Single(b => b.Itm == itm && b.Lotn == lot).Quantity;

    private static List<JdeLedgerRow> AllRows(JdeSimulatorState state) =>
        state.SampleData.Branches.SelectMany(b => state.QueryLedger(b.Mcu, DateOnly.MinValue, int.MaxValue).Rows).OrderBy(r => r.Ukid).ToList();

    private static void AssertLedgerMatchesBalances(JdeSimulatorState state)
    {
        var sums = AllRows(state).GroupBy(r => (r.Itm, r.Mcu, r.Lotn)).ToDictionary(g => g.Key, g => g.Sum(r => r.Trqt));
        var balances = state.GetBalances();
        balances.Should().HaveCount(sums.Count);
        foreach (var balance in balances)
        {
            sums[(balance.Itm, balance.Mcu, balance.Lotn)].Should().Be(balance.Quantity, $"item {balance.Itm} in {balance.Mcu} lot '{balance.Lotn}'");
        }
    }

    private string TempFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jdesim-{Guid.NewGuid():N}.bin");
        _files.Add(path);
        return path;
    }
}
