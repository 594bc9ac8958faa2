using System.Globalization;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>A simulator whose ledger is many times its max-records, so that pulls must be split into date windows.</summary>
public sealed class WindowedSimulatorFixture : PortalFixture
{
    public const int MaxRecords = 100;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Jde:Simulator:MaxRecords"] = MaxRecords.ToString(CultureInfo.InvariantCulture),
        ["Jde:Simulator:LedgerRows"] = "6000",
        ["Jde:Simulator:HistoryDays"] = "150",
    };
}

/// <summary>Large cardex pulls through the client: split by date window while AIS answers moreRecords, streamed.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeCardexWindowTests(WindowedSimulatorFixture fixture) : IClassFixture<WindowedSimulatorFixture>
{
    private const string Cardex = "JDE_CARDEX_SUMMARY";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private JdeSimulatorFaults Faults => fixture.Services.GetRequiredService<JdeSimulatorFaults>();
    private JdeSimulatorState State => fixture.Services.GetRequiredService<JdeSimulatorState>();

    [Fact]
    public async Task StreamCardex_WhenTheRangeHoldsManyTimesMaxRecords_ThenEveryRowComesOnceInLedgerOrder()
    {
        Faults.Clear();
        using var jde = Create();
        var since = Today.AddDays(-200);
        var expected = State.QueryLedger("1110", since, int.MaxValue).Rows.Select(r => r.Ukid).ToList();

        var rows = await jde.Client.StreamCardexAsync("1110", since).ToListAsync();

        expected.Count.Should().BeGreaterThan(10 * WindowedSimulatorFixture.MaxRecords);
        rows.Select(r => r.Ukid).Should().Equal(expected);
        rows.Should().OnlyContain(r => r.BusinessUnit == "1110" && r.UpdatedDate >= since);
        jde.Requests.Should().BeGreaterThan(expected.Count / WindowedSimulatorFixture.MaxRecords);
    }

    [Fact]
    public async Task StreamCardex_WhenAWindowIsCutOff_ThenItIsAskedAgainInHalvesAndNothingIsLost()
    {
        Faults.Clear();
        using var jde = Create(s => s with { CardexWindowDays = 120 });
        var since = Today.AddDays(-60);
        var expected = State.QueryLedger("1120", since, int.MaxValue).Rows.Select(r => r.Ukid).ToList();

        var rows = await jde.Client.StreamCardexAsync("1120", since).ToListAsync();

        rows.Select(r => r.Ukid).Should().Equal(expected);
        // 120 days is far above max-records here, so the first answer was cut off and split.
        jde.Requests.Should().BeGreaterThan((expected.Count / WindowedSimulatorFixture.MaxRecords) + 1);
    }

    [Fact]
    public async Task StreamCardex_WhenAnAdjustmentIsPostedToday_ThenTheOpenEndedLastWindowReturnsIt()
    {
        Faults.Clear();
        using var jde = Create();
        var explanation = $"BO:{Guid.NewGuid():N}"[..20];
        var receipt = await jde.Client.PostAdjustmentAsync(
            new JdeAdjustmentPosting("1120", "IA", explanation, Today, Today, [new JdeAdjustmentPostingLine("B_FLOUR_T55", 2m, "KG")]));

        var rows = await jde.Client.StreamCardexAsync("1120", Today.AddDays(-40)).ToListAsync();

        rows.Should().ContainSingle(r => r.DocumentNumber == receipt.DocumentNumber).Which.Explanation.Should().Be(explanation);
        rows.Select(r => r.Ukid).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    [Fact]
    public async Task StreamCardex_WhenATransientFaultHitsAWindow_ThenTheWindowIsRetriedAndTheRowsAreComplete()
    {
        Faults.Clear();
        using var jde = Create();
        var since = Today.AddDays(-90);
        var expected = State.QueryLedger("1110", since, int.MaxValue).Rows.Select(r => r.Ukid).ToList();
        Faults.Arm(JdeFaultKind.Unavailable503, calls: 2, orchestration: Cardex);

        var rows = await jde.Client.StreamCardexAsync("1110", since).ToListAsync();

        rows.Select(r => r.Ukid).Should().Equal(expected);
        Faults.Armed.Should().BeEmpty();
    }

    [Fact]
    public async Task StreamCardex_WhenOneDayHoldsMoreThanMaxRecords_ThenAJdeExceptionSaysToRaiseIt()
    {
        Faults.Clear();
        using var jde = Create();
        // Truncation cuts every answer at 3 rows: windows shrink to a day and a busy day cannot be split further.
        Faults.Arm(JdeFaultKind.Truncate, calls: 1000, orchestration: Cardex);

        try
        {
            var pull = () => jde.Client.StreamCardexAsync("1110", Today.AddDays(-100)).ToListAsync().AsTask();

            var error = (await pull.Should().ThrowAsync<JdeException>()).Which;
            error.Message.Should().Contain("raise the orchestration's maximum records").And.Contain("1110");
            error.Transient.Should().BeFalse();
        }
        finally
        {
            Faults.Clear();
        }
    }

    [Fact]
    public async Task StreamCardex_WhenTheOrchestrationIgnoresTheUpperBoundInput_ThenItFailsRatherThanReturningRowsTwice()
    {
        Faults.Clear();
        // AIS ignores inputs an orchestration does not declare, as the simulator does with this one.
        using var jde = Create(s => s with { CardexUpperBoundInput = "notAnInput", CardexWindowDays = 2 });

        var pull = () => jde.Client.StreamCardexAsync("1110", Today.AddDays(-5)).ToListAsync().AsTask();

        (await pull.Should().ThrowAsync<JdeException>()).Which.Message.Should().Contain("does not apply the upper-bound input 'notAnInput'");
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task StreamCardex_WhenNoUpperBoundInputIsConfiguredAndTheAnswerIsCutOff_ThenItFailsRatherThanLosingRows()
    {
        Faults.Clear();
        using var jde = Create(s => s with { CardexUpperBoundInput = null });

        var pull = () => jde.Client.StreamCardexAsync("1110", Today.AddDays(-100)).ToListAsync().AsTask();

        (await pull.Should().ThrowAsync<JdeException>()).Which.Message.Should().Contain("Jde:CardexUpperBoundInput");
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task StreamCardex_WhenNoUpperBoundInputIsConfiguredAndTheAnswerFits_ThenOneCallReturnsTheRows()
    {
        Faults.Clear();
        using var jde = Create(s => s with { CardexUpperBoundInput = null });
        var since = Today.AddDays(-2);
        var expected = State.QueryLedger("1110", since, int.MaxValue).Rows.Select(r => r.Ukid).ToList();

        var rows = await jde.Client.StreamCardexAsync("1110", since).ToListAsync();

        expected.Count.Should().BeLessThan(WindowedSimulatorFixture.MaxRecords);
        rows.Select(r => r.Ukid).Should().Equal(expected);
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task StreamCardex_WhenTheCallerStopsEarly_ThenNoFurtherWindowIsRequested()
    {
        Faults.Clear();
        using var whole = Create();
        using var early = Create();
        await whole.Client.StreamCardexAsync("1110", Today.AddDays(-140)).CountAsync();

        var first = await early.Client.StreamCardexAsync("1110", Today.AddDays(-140)).Take(10).ToListAsync();

        first.Should().HaveCount(10);
        whole.Requests.Should().BeGreaterThan(10);
        early.Requests.Should().BeLessThan(whole.Requests / 3);
    }

    private CountingJdeClient Create(Func<JdeClientSettings, JdeClientSettings>? configure = null)
    {
        var settings = new JdeClientSettings
        {
            BaseUri = new Uri(fixture.Factory.BaseAddress, "jde-sim/jderest/"),
            UserName = "BAKERYINT",
            Password = "bakeryint",
            DeviceName = "window-tests",
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            CardexWindowDays = 31,
        };
        return new CountingJdeClient(configure is null ? settings : configure(settings));
    }
}
