using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>The AIS client over real HTTP against the simulator, through each fault the simulator can inject.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeAisClientTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private const string Cardex = "JDE_CARDEX_SUMMARY";
    private const string ItemMaster = "JDE_ITEM_MASTER_TO_BAKERY_OPS";
    private const string Adjustments = "JDE_INVENTORY_ADJUSTMENTS";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private JdeSimulatorFaults Faults => fixture.Services.GetRequiredService<JdeSimulatorFaults>();
    private JdeSimulatorState State => fixture.Services.GetRequiredService<JdeSimulatorState>();

    [Fact]
    public async Task GetCardex_WhenTheBranchHasHistory_ThenRowsAreTrimmedSignedAndDated()
    {
        Faults.Clear();
        using var jde = Create();
        var since = Today.AddDays(-30);

        var page = await jde.Client.GetCardexAsync("1110", since);

        page.MoreRecords.Should().BeFalse();
        page.Rows.Should().NotBeEmpty();
        page.Rows.Should().OnlyContain(r => r.BusinessUnit == "1110" && r.SecondItemNumber == r.SecondItemNumber.Trim() && r.SecondItemNumber.Length > 0);
        page.Rows.Should().Contain(r => r.Quantity < 0);
        page.Rows.Should().OnlyContain(r => r.UpdatedDate >= since && r.TransactionDate <= Today.AddDays(1) && r.Unit.Length > 0);
        page.Rows.Select(r => r.Ukid).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task GetItemMaster_WhenFilteredByGlClass_ThenItemBranchRowsOfThatClass()
    {
        Faults.Clear();
        using var jde = Create();

        var page = await jde.Client.GetItemMasterAsync("1110", "WA01", new DateOnly(2000, 1, 1));

        page.MoreRecords.Should().BeFalse();
        page.Rows.Should().NotBeEmpty();
        page.Rows.Should().OnlyContain(r => r.GlClass == "WA01" && r.BusinessUnit == "1110" && r.ShortItemNumber > 0);
        page.Rows.Should().Contain(r => r.SecondItemNumber == "B_FLOUR_T55" && r.PrimaryUnit == "KG");
    }

    [Fact]
    public async Task GetItemMaster_WhenAisCutsTheAnswerOff_ThenThePageSaysMoreRecords()
    {
        Faults.Clear();
        using var jde = Create();
        Faults.Arm(JdeFaultKind.Truncate, orchestration: ItemMaster);

        var page = await jde.Client.GetItemMasterAsync("1110", "WA01", new DateOnly(2000, 1, 1));

        page.MoreRecords.Should().BeTrue("the caller must know the rows are not all of the branch's");
        page.Rows.Should().NotBeEmpty();
    }

    [Fact]
    public async Task PostAdjustment_WhenAccepted_ThenTheNextCardexPullHasItsDocumentNumber()
    {
        Faults.Clear();
        using var jde = Create();
        var explanation = Key();

        var receipt = await jde.Client.PostAdjustmentAsync(Posting(explanation, 1.25m));
        var page = await jde.Client.GetCardexAsync("1110", Today);

        receipt.DocumentType.Should().Be("IA");
        var row = page.Rows.Should().ContainSingle(r => r.DocumentNumber == receipt.DocumentNumber).Subject;
        row.Quantity.Should().Be(1.25m);
        row.Explanation.Should().Be(explanation);
        row.SecondItemNumber.Should().Be("B_FLOUR_T55");
        row.TransactionDate.Should().Be(Today);
    }

    [Theory]
    [InlineData(JdeFaultKind.Unavailable503)]
    [InlineData(JdeFaultKind.Error500Html)]
    [InlineData(JdeFaultKind.ConnectionReset)]
    public async Task GetCardex_WhenATransientFaultHitsTheFirstAttempts_ThenTheRetrySucceeds(JdeFaultKind kind)
    {
        Faults.Clear();
        using var jde = Create();
        Faults.Arm(kind, calls: 2, orchestration: Cardex);

        var page = await jde.Client.GetCardexAsync("1110", Today.AddDays(-7));

        page.Rows.Should().NotBeEmpty();
        jde.Requests.Should().Be(3);
        Faults.Armed.Should().BeEmpty();
    }

    [Fact]
    public async Task GetItemMaster_WhenTheServerHangsPastTheReadTimeout_ThenTheRetrySucceeds()
    {
        Faults.Clear();
        using var jde = Create(s => s with { ReadTimeout = TimeSpan.FromSeconds(1) });
        Faults.Arm(JdeFaultKind.Hang, orchestration: ItemMaster);

        var page = await jde.Client.GetItemMasterAsync("1110", "WA01", new DateOnly(2000, 1, 1));

        page.Rows.Should().NotBeEmpty();
        jde.Requests.Should().Be(2);
    }

    [Fact]
    public async Task GetCardex_WhenEveryAttemptFails_ThenATransientJdeExceptionAfterMaxAttempts()
    {
        Faults.Clear();
        using var jde = Create();
        Faults.Arm(JdeFaultKind.Unavailable503, calls: 5, orchestration: Cardex);

        var pull = () => jde.Client.GetCardexAsync("1110", Today);

        var error = (await pull.Should().ThrowAsync<JdeException>()).Which;
        error.Transient.Should().BeTrue();
        error.StatusCode.Should().Be(503);
        jde.Requests.Should().Be(3);
    }

    [Fact]
    public async Task GetCardex_WhenJdeAnswersABusinessError_ThenItIsNotRetried()
    {
        Faults.Clear();
        using var jde = Create();

        var pull = () => jde.Client.GetCardexAsync("9999", Today);

        var error = (await pull.Should().ThrowAsync<JdeException>()).Which;
        error.Message.Should().Contain("Business Unit Invalid");
        error.ExceptionId.Should().NotBeNullOrEmpty();
        error.Transient.Should().BeFalse();
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task TokenMode_WhenTheSimulatorExpiresSessions_ThenTheClientLogsInOnceMoreAndReplays()
    {
        Faults.Clear();
        using var jde = Create(s => s with { AuthMode = JdeAuthMode.Token });
        var sessions = fixture.Services.GetRequiredService<JdeSimulatorSessions>();
        await jde.Client.GetCardexAsync("1110", Today);
        jde.Logins.Should().Be(1);

        sessions.ExpireAll();
        var page = await jde.Client.GetCardexAsync("1110", Today.AddDays(-3));
        await jde.Client.GetItemMasterAsync("1110", "WA01", Today.AddDays(-3));

        page.Rows.Should().NotBeEmpty();
        jde.Logins.Should().Be(2);
        jde.Requests.Should().Be(4);
    }

    [Fact]
    public async Task TokenMode_WhenTheFreshTokenIsRefusedToo_ThenTheClientGivesUpAfterOneReLogin()
    {
        Faults.Clear();
        using var jde = Create(s => s with { AuthMode = JdeAuthMode.Token });
        Faults.Arm(JdeFaultKind.InvalidToken444, calls: 2, orchestration: Cardex);

        var pull = () => jde.Client.GetCardexAsync("1110", Today);

        (await pull.Should().ThrowAsync<JdeException>()).Which.InvalidToken.Should().BeTrue();
        jde.Logins.Should().Be(2);
        jde.Requests.Should().Be(2);
    }

    [Fact]
    public async Task TokenMode_WhenAPostMeetsAnExpiredToken_ThenItIsReplayedOnceAndWrittenOnce()
    {
        Faults.Clear();
        using var jde = Create(s => s with { AuthMode = JdeAuthMode.Token });
        await jde.Client.GetCardexAsync("1110", Today);
        fixture.Services.GetRequiredService<JdeSimulatorSessions>().ExpireAll();
        var explanation = Key();

        var receipt = await jde.Client.PostAdjustmentAsync(Posting(explanation, 0.5m));

        State.FindPostingsByExplanation(explanation).Should().ContainSingle().Which.DocumentNumber.Should().Be((int)receipt.DocumentNumber);
        jde.Logins.Should().Be(2);
    }

    [Fact]
    public async Task PostAdjustment_WhenTheResponseIsLostAfterJdeWroteIt_ThenOutcomeUnknownAndWrittenExactlyOnce()
    {
        Faults.Clear();
        using var jde = Create();
        var explanation = Key();
        Faults.Arm(JdeFaultKind.AcceptThenFail, orchestration: Adjustments);

        var post = () => jde.Client.PostAdjustmentAsync(Posting(explanation, 0.75m));

        var error = (await post.Should().ThrowAsync<JdeException>()).Which;
        error.OutcomeUnknown.Should().BeTrue();
        error.Transient.Should().BeFalse();
        State.FindPostingsByExplanation(explanation).Should().ContainSingle();
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task PostAdjustment_WhenTheServerHangs_ThenOutcomeUnknownWithoutASecondSend()
    {
        Faults.Clear();
        using var jde = Create(s => s with { PostTimeout = TimeSpan.FromSeconds(1) });
        Faults.Arm(JdeFaultKind.Hang, calls: 2, orchestration: Adjustments);

        var post = () => jde.Client.PostAdjustmentAsync(Posting(Key(), 0.75m));

        (await post.Should().ThrowAsync<JdeException>()).Which.OutcomeUnknown.Should().BeTrue();
        jde.Requests.Should().Be(1);
        // The client gave up after a second; on a loaded machine the simulator may only now be reading that request.
        await WaitUntilAsync(() => Faults.Armed.Sum(f => f.Remaining) < 2, "the simulator takes the one post it was sent");
        Faults.Armed.Should().ContainSingle().Which.Remaining.Should().Be(1);
    }

    [Theory]
    [InlineData(JdeFaultKind.Error500Json, false)]
    [InlineData(JdeFaultKind.Error500Html, true)]
    public async Task PostAdjustment_WhenTheServerAnswers500_ThenItIsNotRetried(JdeFaultKind kind, bool outcomeUnknown)
    {
        Faults.Clear();
        using var jde = Create();
        var explanation = Key();
        Faults.Arm(kind, calls: 2, orchestration: Adjustments);

        var post = () => jde.Client.PostAdjustmentAsync(Posting(explanation, 0.75m));

        var error = (await post.Should().ThrowAsync<JdeException>()).Which;
        error.StatusCode.Should().Be(500);
        error.OutcomeUnknown.Should().Be(outcomeUnknown);
        jde.Requests.Should().Be(1);
        Faults.Armed.Should().ContainSingle().Which.Remaining.Should().Be(1);
        State.FindPostingsByExplanation(explanation).Should().BeEmpty();
    }

    [Theory]
    [InlineData(JdeAuthMode.Basic)]
    [InlineData(JdeAuthMode.Token)]
    public async Task WrongPassword_WhenRefusedWith403_ThenNotRetried(JdeAuthMode mode)
    {
        Faults.Clear();
        using var jde = Create(s => s with { AuthMode = mode, Password = "wrong" });

        var pull = () => jde.Client.GetCardexAsync("1110", Today);

        var error = (await pull.Should().ThrowAsync<JdeException>()).Which;
        error.StatusCode.Should().Be(403);
        error.Transient.Should().BeFalse();
        error.Message.Should().NotContain("wrong");
        (jde.Requests + jde.Logins).Should().Be(1);
    }

    [Fact]
    public async Task PostAdjustment_WhenTheExplanationIsLongerThan30_ThenRefusedBeforeSending()
    {
        Faults.Clear();
        using var jde = Create();

        var post = () => jde.Client.PostAdjustmentAsync(Posting(new string('x', 31), 1m));

        await post.Should().ThrowAsync<ArgumentException>();
        jde.Requests.Should().Be(0);
    }

    [Fact]
    public async Task GetCardex_WhenTheCallerCancels_ThenOperationCanceledNotATimeout()
    {
        Faults.Clear();
        using var jde = Create();
        Faults.Arm(JdeFaultKind.Hang, orchestration: Cardex);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var pull = () => jde.Client.GetCardexAsync("1110", Today, cancel.Token);

        await pull.Should().ThrowAsync<OperationCanceledException>();
        jde.Requests.Should().Be(1);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        condition().Should().BeTrue(because);
    }

    private static string Key() => $"BO:{Guid.NewGuid():N}"[..20];

    private static JdeAdjustmentPosting Posting(string explanation, decimal quantity) =>
        new("1110", "IA", explanation, Today, Today, [new JdeAdjustmentPostingLine("B_FLOUR_T55", quantity, "KG")]);

    private CountingJdeClient Create(Func<JdeClientSettings, JdeClientSettings>? configure = null)
    {
        var settings = new JdeClientSettings
        {
            BaseUri = new Uri(fixture.Factory.BaseAddress, "jde-sim/jderest/"),
            UserName = "BAKERYINT",
            Password = "bakeryint",
            DeviceName = "client-tests",
            ReadTimeout = TimeSpan.FromSeconds(30),
            PostTimeout = TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        return new CountingJdeClient(configure is null ? settings : configure(settings));
    }
}
