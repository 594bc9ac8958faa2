using System.Globalization;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>
/// <see cref="JdeAisClient.StreamItemBalanceAsync"/> over real HTTP against a simulator of its own per test, so the
/// balances start from the sample bakery's opening balances.
/// </summary>
public sealed class JdeItemBalanceTests : IAsyncLifetime
{
    private const string ItemBalance = "JDE_ITEM_BALANCE";
    private static readonly BakerySampleData Data = BakerySampleData.Default;
    private JdeSimulatorHost _host = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task InitializeAsync() => _host = await JdeSimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task StreamItemBalance_WhenTheSimulatorIsFresh_ThenEveryBranchHoldsItsOpeningBalancesTrimmed()
    {
        using var jde = Create();

        foreach (var branch in Data.Branches)
        {
            var rows = await jde.Client.StreamItemBalanceAsync(branch.Mcu).ToListAsync();

            var expected = Data.OpeningBalances.Where(b => b.Mcu == branch.Mcu).ToList();
            rows.Should().HaveCount(expected.Count);
            foreach (var opening in expected)
            {
                var item = Data.ItemsByNumber[opening.ShortItemNumber];
                var row = rows.Should().ContainSingle(r => r.ShortItemNumber == opening.ShortItemNumber && r.Lot == (opening.Lot ?? "")).Subject;
                row.OnHand.Should().Be(opening.Quantity);
                row.Unit.Should().Be(item.JdeUnit);
                row.SecondItemNumber.Should().Be(item.SecondItemNumber);
                row.BusinessUnit.Should().Be(branch.Mcu);
                row.Location.Should().BeEmpty("the simulator keeps stock in the main (blank) location, which AIS sends padded");
                row.UpdatedDate.Should().NotBeNull().And.BeBefore(Today);
            }
        }

        jde.Requests.Should().Be(Data.Branches.Count);
    }

    [Fact]
    public async Task StreamItemBalance_WhenTheBranchIsGivenPaddedAndOneItemAsked_ThenOnlyThatItemsLots()
    {
        using var jde = Create();

        var rows = await jde.Client.StreamItemBalanceAsync("        1120", 60020).ToListAsync();

        var row = rows.Should().ContainSingle().Subject;
        row.Should().BeEquivalentTo(new
        {
            ShortItemNumber = 60020, SecondItemNumber = "B_BUTTER_82", BusinessUnit = "1120", Location = "", Lot = "L2508-B82-02", OnHand = 325m, Unit = "KG",
        });
    }

    [Fact]
    public async Task StreamItemBalance_WhenTheItemIsNotStockedInTheBranch_ThenNoRows()
    {
        using var jde = Create();

        var rows = await jde.Client.StreamItemBalanceAsync("1130", 60001).ToListAsync();

        rows.Should().BeEmpty();
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task StreamItemBalance_WhenAisCutsTheAnswerOff_ThenFailsNamingTheCutAndTheFixWithoutARow()
    {
        using var jde = Create();
        _host.Faults.Arm(JdeFaultKind.Truncate, orchestration: ItemBalance);
        var yielded = new List<JdeItemBalanceRow>();

        var read = async () =>
        {
            await foreach (var row in jde.Client.StreamItemBalanceAsync("1110"))
            {
                yielded.Add(row);
            }
        };

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        error.Message.Should().Contain("cut the item balance of branch 1110 off at 3 rows").And.Contain("raise the orchestration's maximum records");
        error.Transient.Should().BeFalse();
        yielded.Should().BeEmpty("a partial balance would read as missing stock");
        jde.Requests.Should().Be(1);
    }

    [Fact]
    public async Task StreamItemBalance_WhenMoreRowsThanTheConfiguredMaximumRecords_ThenFailsRatherThanReturningSome()
    {
        await _host.DisposeAsync();
        _host = await JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions { Simulator = new JdeSimulatorOptions { MaxRecords = 5 } });
        using var jde = Create();

        var read = () => jde.Client.StreamItemBalanceAsync("1120").ToListAsync().AsTask();

        (await read.Should().ThrowAsync<JdeException>()).Which.Message.Should().Contain("off at 5 rows");
        (await jde.Client.StreamItemBalanceAsync("1120", 60001).ToListAsync()).Should().ContainSingle().Which.OnHand.Should().Be(500m);
    }

    [Theory]
    [InlineData(JdeFaultKind.Unavailable503)]
    [InlineData(JdeFaultKind.Error500Html)]
    [InlineData(JdeFaultKind.ConnectionReset)]
    public async Task StreamItemBalance_WhenATransientFaultHitsTheFirstAttempts_ThenRetriedLikeACardexRead(JdeFaultKind kind)
    {
        using var jde = Create();
        _host.Faults.Arm(kind, calls: 2, orchestration: ItemBalance);

        var rows = await jde.Client.StreamItemBalanceAsync("1110").ToListAsync();

        rows.Should().NotBeEmpty();
        jde.Requests.Should().Be(3);
        _host.Faults.Armed.Should().BeEmpty();
    }

    [Fact]
    public async Task StreamItemBalance_WhenEveryAttemptFails_ThenATransientJdeExceptionAfterMaxAttempts()
    {
        using var jde = Create();
        _host.Faults.Arm(JdeFaultKind.Unavailable503, calls: 5, orchestration: ItemBalance);

        var read = () => jde.Client.StreamItemBalanceAsync("1110").ToListAsync().AsTask();

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        error.Transient.Should().BeTrue();
        error.StatusCode.Should().Be(503);
        jde.Requests.Should().Be(3);
    }

    [Fact]
    public async Task StreamItemBalance_WhenTheBranchIsUnknown_ThenTheBusinessErrorIsNotRetried()
    {
        using var jde = Create();

        var read = () => jde.Client.StreamItemBalanceAsync("9999").ToListAsync().AsTask();

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        error.StatusCode.Should().Be(500);
        error.Message.Should().Contain("Business Unit Invalid");
        error.Transient.Should().BeFalse();
        jde.Requests.Should().Be(1);
    }

    [Theory]
    [InlineData(JdeAuthMode.Basic)]
    [InlineData(JdeAuthMode.Token)]
    public async Task StreamItemBalance_WhenThePasswordIsWrong_Then403NotRetried(JdeAuthMode mode)
    {
        using var jde = Create(s => s with { AuthMode = mode, Password = "wrong" });

        var read = () => jde.Client.StreamItemBalanceAsync("1110").ToListAsync().AsTask();

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        error.StatusCode.Should().Be(403);
        error.Transient.Should().BeFalse();
        error.Message.Should().NotContain("wrong");
        (jde.Requests + jde.Logins).Should().Be(1);
    }

    [Fact]
    public async Task StreamItemBalance_WhenTheTokenHasExpired_ThenTheClientLogsInOnceMoreAndReplays()
    {
        using var jde = Create(s => s with { AuthMode = JdeAuthMode.Token });
        await jde.Client.StreamItemBalanceAsync("1110").ToListAsync();
        _host.Sessions.ExpireAll();

        var rows = await jde.Client.StreamItemBalanceAsync("1110").ToListAsync();

        rows.Should().NotBeEmpty();
        jde.Logins.Should().Be(2);
        jde.Requests.Should().Be(3);
    }

    [Fact]
    public async Task StreamItemBalance_WhenTheSettingsHaveNoItemBalance_ThenRefusedWithoutACall()
    {
        using var jde = Create(s => s with { ItemBalanceOrchestration = null });

        var read = () => jde.Client.StreamItemBalanceAsync("1110").ToListAsync().AsTask();

        jde.Client.HasItemBalance.Should().BeFalse();
        (await read.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Jde:ItemBalanceUrl").And.Contain("mirrored ledger");
        jde.Requests.Should().Be(0);
    }

    /// <summary>
    /// JDE's balance of record and its ledger must agree row for row: after a seeded run of adjustments posted through
    /// JDE_INVENTORY_ADJUSTMENTS (and receipts entered in JDE itself), including lots created, lots brought back to zero
    /// and posts JDE refuses, every item, branch, location and lot's PQOH equals the sum of its cardex rows.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(4111)]
    public async Task ItemBalance_WhenAdjustmentsArePosted_ThenEveryBalanceEqualsTheSumOfItsLedgerRowsInThePrimaryUnit(int seed)
    {
        using var jde = Create();
        var random = new Random(seed);
        var stocked = Data.Items.SelectMany(i => i.Branches.Select(b => (Item: i, Branch: b))).ToList();
        var refused = 0;
        for (var n = 0; n < 30; n++)
        {
            var (item, branch) = stocked[random.Next(stocked.Count)];
            var lot = !item.LotControlled ? null
                : random.Next(3) == 0 ? $"L-PROP-{seed}-{n % 4}"
                : Data.OpeningBalances.FirstOrDefault(b => b.ShortItemNumber == item.ShortItemNumber && b.Mcu == branch)?.Lot;
            var onHand = (await jde.Client.StreamItemBalanceAsync(branch, item.ShortItemNumber).ToListAsync())
                .Where(r => r.Lot == (lot ?? "")).Sum(r => r.OnHand);
            // Some posts issue exactly what is on hand (the row stays, at zero), some more than that (JDE refuses).
            var (type, quantity) = random.Next(4) switch
            {
                0 => ("II", onHand),
                1 => ("II", onHand + 1),
                _ => (random.Next(3) == 0 ? "IA" : "II", Math.Round((decimal)random.Next(1, 4000) / 100, 2)),
            };
            if (quantity <= 0)
            {
                (type, quantity) = ("IA", 2.5m);
            }

            if (random.Next(8) == 0)
            {
                _host.State.RecordTransaction(new JdeAdjustmentRequest(branch, "OV", "PO receipt", Today, Today,
                    [new JdeAdjustmentLine(item.SecondItemNumber, quantity, item.JdeUnit, lot)])).IsSuccess.Should().BeTrue();
                continue;
            }

            try
            {
                await jde.Client.PostAdjustmentAsync(new JdeAdjustmentPosting(branch, type, $"PROP {seed} {n}", Today, Today,
                    [new JdeAdjustmentPostingLine(item.SecondItemNumber, quantity, item.JdeUnit, lot)]));
            }
            catch (JdeException ex) when (ex.StatusCode == 500 && !ex.Transient)
            {
                refused++;
            }
        }

        foreach (var branch in Data.Branches.Select(b => b.Mcu))
        {
            var balances = await jde.Client.StreamItemBalanceAsync(branch).ToListAsync();
            var ledger = await jde.Client.StreamCardexAsync(branch, _host.State.StartDate.AddDays(-61)).ToListAsync();
            var units = balances.ToDictionary(b => b.ShortItemNumber.ToString(CultureInfo.InvariantCulture) + "/" + b.Lot, b => b.Unit);
            ledger.Should().OnlyContain(r => r.Unit == units[r.ShortItemNumber.ToString(CultureInfo.InvariantCulture) + "/" + r.Lot],
                "every ledger row is in its item's primary unit, so its quantity adds to PQOH as it is");
            var sums = ledger.GroupBy(r => (r.ShortItemNumber, r.Location, r.Lot)).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));

            balances.Select(b => (b.ShortItemNumber, b.Location, b.Lot)).Should().BeEquivalentTo(sums.Keys, $"branch {branch} lists a balance row for every ledger key");
            foreach (var balance in balances)
            {
                balance.OnHand.Should().Be(sums[(balance.ShortItemNumber, balance.Location, balance.Lot)],
                    $"item {balance.ShortItemNumber} in {branch} lot '{balance.Lot}'");
                balance.UpdatedDate.Should().Be(ledger.Where(r => r.ShortItemNumber == balance.ShortItemNumber && r.Lot == balance.Lot).Max(r => r.UpdatedDate));
            }
        }

        _host.State.GetBalances().Should().Contain(b => b.Quantity == 0, "a balance issued to zero keeps its F41021 row");
        refused.Should().BePositive("the run includes posts JDE refuses, which must change nothing");
    }

    private CountingJdeClient Create(Func<JdeClientSettings, JdeClientSettings>? configure = null)
    {
        var settings = new JdeClientSettings
        {
            BaseUri = _host.BaseUri,
            UserName = _host.Account.UserName,
            Password = _host.Account.Password,
            DeviceName = "item-balance-tests",
            ReadTimeout = TimeSpan.FromSeconds(30),
            PostTimeout = TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        return new CountingJdeClient(configure is null ? settings : configure(settings));
    }
}
