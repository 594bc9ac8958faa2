using System.Diagnostics;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>
/// The client's pipelines over real HTTP against a simulator of its own: the circuit breaker, the total read timeout
/// and the retry log. The circuit's clock is a settable one, so a break ends when the test says, not after a sleep.
/// </summary>
public sealed class JdeResilienceTests : IAsyncLifetime
{
    private const string Cardex = "JDE_CARDEX_SUMMARY";
    private const string ItemMaster = "JDE_ITEM_MASTER_TO_BAKERY_OPS";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);
    private readonly RealTimersFakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private JdeSimulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await JdeSimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetCardex_WhenTransientFailuresReachTheRatio_ThenTheCircuitOpensAndRefusesReadsUnsent()
    {
        using var jde = Create();
        await OpenCircuitAsync(jde);

        var read = () => jde.Client.GetCardexAsync("1110", Today);

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        error.Transient.Should().BeTrue();
        error.OutcomeUnknown.Should().BeFalse();
        error.Message.Should().Contain("failing repeatedly").And.Contain("circuit open").And.Contain($"{Cardex} was not sent")
            .And.Contain("resume in 30 s");
        error.InnerException.Should().BeOfType<BrokenCircuitException>();
        jde.Requests.Should().Be(2);
    }

    [Fact]
    public async Task GetCardex_WhenTheBreakIsOver_ThenOneReadProbesAndClosesTheCircuit()
    {
        using var jde = Create();
        var pipelines = await OpenCircuitAsync(jde);

        _clock.Advance(BreakDuration + TimeSpan.FromSeconds(1));
        var page = await jde.Client.GetCardexAsync("1110", Today.AddDays(-7));

        page.Rows.Should().NotBeEmpty();
        pipelines.CircuitState.Should().Be(CircuitState.Closed);
        pipelines.RefusingFor.Should().BeNull();
        jde.Requests.Should().Be(3);
    }

    [Fact]
    public async Task GetCardex_WhenTheProbeFailsToo_ThenTheCircuitOpensForAnotherBreak()
    {
        using var jde = Create();
        var pipelines = await OpenCircuitAsync(jde);
        _clock.Advance(BreakDuration + TimeSpan.FromSeconds(1));
        _host.Faults.Arm(JdeFaultKind.Unavailable503, orchestration: Cardex);

        var probe = () => jde.Client.GetCardexAsync("1110", Today);

        (await probe.Should().ThrowAsync<JdeException>()).Which.StatusCode.Should().Be(503);
        pipelines.CircuitState.Should().Be(CircuitState.Open);
        pipelines.RefusingFor.Should().Be(BreakDuration);
        jde.Requests.Should().Be(3);
    }

    [Fact]
    public async Task PostAdjustment_WhenTheCircuitIsOpen_ThenRefusedUnsentAndNotOutcomeUnknown()
    {
        using var jde = Create();
        await OpenCircuitAsync(jde);
        var explanation = Key();

        var post = () => jde.Client.PostAdjustmentAsync(Posting(explanation));

        var error = (await post.Should().ThrowAsync<JdeException>()).Which;
        error.OutcomeUnknown.Should().BeFalse();
        error.Message.Should().Contain("failing repeatedly").And.Contain("JDE_INVENTORY_ADJUSTMENTS was not sent").And.Contain("resume in 30 s");
        jde.Requests.Should().Be(2);
        _host.State.FindPostingsByExplanation(explanation).Should().BeEmpty();
    }

    [Fact]
    public async Task PostAdjustment_WhenTheBreakIsOverBeforeAnyReadProbes_ThenSentOnce()
    {
        using var jde = Create();
        await OpenCircuitAsync(jde);
        var explanation = Key();
        _clock.Advance(BreakDuration + TimeSpan.FromSeconds(1));

        var receipt = await jde.Client.PostAdjustmentAsync(Posting(explanation));

        _host.State.FindPostingsByExplanation(explanation).Should().ContainSingle().Which.DocumentNumber.Should().Be((int)receipt.DocumentNumber);
        jde.Requests.Should().Be(3);
    }

    [Fact]
    public async Task GetCardex_WhenClientsSharePipelines_ThenOneClientsFailuresOpenTheCircuitForTheOther()
    {
        var settings = Settings();
        var pipelines = new JdeResiliencePipelines(settings, _clock, new ListLogger<JdeResiliencePipelines>());
        using var first = new CountingJdeClient(settings, _clock, pipelines: pipelines);
        using var second = new CountingJdeClient(settings, _clock, pipelines: pipelines);
        await OpenCircuitAsync(first);

        var read = () => second.Client.GetItemMasterAsync("1110", "WA01", Today);

        (await read.Should().ThrowAsync<JdeException>()).Which.InnerException.Should().BeOfType<BrokenCircuitException>();
        second.Requests.Should().Be(0);
    }

    [Fact]
    public async Task GetCardex_WhenJdeAnswersBusinessErrors_ThenTheCircuitStaysClosed()
    {
        using var jde = Create();
        for (var i = 0; i < 4; i++)
        {
            var refused = () => jde.Client.GetCardexAsync("9999", Today);
            (await refused.Should().ThrowAsync<JdeException>()).Which.Transient.Should().BeFalse();
        }

        var page = await jde.Client.GetCardexAsync("1110", Today.AddDays(-7));

        page.Rows.Should().NotBeEmpty();
        jde.Requests.Should().Be(5);
    }

    [Fact]
    public async Task GetItemMaster_WhenEveryAttemptHangs_ThenTheTotalTimeoutEndsTheRead()
    {
        using var jde = Create(s => s with
        {
            MaxReadAttempts = 5,
            ReadTimeout = TimeSpan.FromSeconds(1),
            ReadTotalTimeout = TimeSpan.FromSeconds(2.5),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            CircuitMinimumThroughput = 100,
        });
        _host.Faults.Arm(JdeFaultKind.Hang, calls: 5, orchestration: ItemMaster);
        var watch = Stopwatch.StartNew();

        var read = () => jde.Client.GetItemMasterAsync("1110", "WA01", Today);

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4.5), "five attempts of a second each would take five");
        error.Message.Should().Be($"{ItemMaster} did not answer within 2.5 s, retries included.");
        error.Transient.Should().BeTrue();
        jde.Requests.Should().BeInRange(2, 3);
    }

    [Fact]
    public async Task GetCardex_WhenAnAttemptFailsAndIsRetried_ThenTheWarningCarriesTheException()
    {
        var logger = new ListLogger<JdeAisClient>();
        using var jde = Create(s => s with { MaxReadAttempts = 3 }, logger);
        _host.Faults.Arm(JdeFaultKind.Unavailable503, orchestration: Cardex);

        await jde.Client.GetCardexAsync("1110", Today);

        var retry = logger.Entries.Should().ContainSingle(e => e.Message.Contains("retrying", StringComparison.Ordinal)).Subject;
        retry.Level.Should().Be(LogLevel.Warning);
        retry.Message.Should().StartWith($"JDE {Cardex} attempt 1 of 3 failed (HTTP 503); retrying in ");
        retry.Exception.Should().BeOfType<JdeException>().Which.StatusCode.Should().Be(503);
        jde.Requests.Should().Be(2);
    }

    /// <summary>Two reads that fail with 503 in a window that needs two: the circuit opens for <see cref="BreakDuration"/>.</summary>
    private async Task<JdeResiliencePipelines> OpenCircuitAsync(CountingJdeClient jde)
    {
        _host.Faults.Arm(JdeFaultKind.Unavailable503, calls: 2, orchestration: Cardex);
        for (var i = 0; i < 2; i++)
        {
            var read = () => jde.Client.GetCardexAsync("1110", Today);
            (await read.Should().ThrowAsync<JdeException>()).Which.StatusCode.Should().Be(503);
        }

        var pipelines = jde.Pipelines;
        pipelines.CircuitState.Should().Be(CircuitState.Open);
        pipelines.RefusingFor.Should().Be(BreakDuration);
        return pipelines;
    }

    private static string Key() => $"BO:{Guid.NewGuid():N}"[..20];

    private static JdeAdjustmentPosting Posting(string explanation) =>
        new("1110", "IA", explanation, Today, Today, [new JdeAdjustmentPostingLine("B_FLOUR_T55", 0.5m, "KG")]);

    private JdeClientSettings Settings() => new()
    {
        BaseUri = _host.BaseUri,
        UserName = _host.Account.UserName,
        Password = _host.Account.Password,
        DeviceName = "resilience-tests",
        MaxReadAttempts = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        CircuitMinimumThroughput = 2,
        CircuitFailureRatio = 0.5,
        CircuitBreakDuration = BreakDuration,
    };

    private CountingJdeClient Create(Func<JdeClientSettings, JdeClientSettings>? configure = null, ILogger<JdeAisClient>? logger = null)
    {
        var settings = Settings();
        return new CountingJdeClient(configure is null ? settings : configure(settings), _clock, logger);
    }
}
