using BakeryOps.Infrastructure.Jde.Simulator;

namespace BakeryOps.Tests.Infrastructure.Jde.Simulator;

public sealed class JdeSimulatorFaultsTests
{
    [Fact]
    public void Take_WhenAFaultIsArmedForTwoCalls_ThenTheThirdCallBehaves()
    {
        var faults = new JdeSimulatorFaults();
        faults.Arm(JdeFaultKind.Unavailable503, calls: 2);

        var taken = new[] { faults.Take("JDE_CARDEX_SUMMARY"), faults.Take("JDE_CARDEX_SUMMARY"), faults.Take("JDE_CARDEX_SUMMARY") };

        taken.Should().Equal(JdeFaultKind.Unavailable503, JdeFaultKind.Unavailable503, null);
        faults.Armed.Should().BeEmpty();
    }

    [Fact]
    public void Take_WhenArmedForOneOrchestration_ThenOtherOrchestrationsAreUnaffected()
    {
        var faults = new JdeSimulatorFaults();
        faults.Arm(JdeFaultKind.AcceptThenFail, orchestration: "JDE_INVENTORY_ADJUSTMENTS");

        faults.Take("JDE_CARDEX_SUMMARY").Should().BeNull();
        faults.Take("jde_inventory_adjustments").Should().Be(JdeFaultKind.AcceptThenFail);
    }

    [Fact]
    public async Task Take_WhenCalledConcurrently_ThenEachArmedFaultIsConsumedExactlyOnce()
    {
        var faults = new JdeSimulatorFaults();
        faults.Arm(JdeFaultKind.Error500Json, calls: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => faults.Take(null))));

        results.Count(r => r == JdeFaultKind.Error500Json).Should().Be(50);
    }

    [Fact]
    public void Latency_WhenNegativeOrAbsurd_ThenRefused()
    {
        var faults = new JdeSimulatorFaults();

        var negative = () => faults.Latency = TimeSpan.FromSeconds(-1);
        var absurd = () => faults.Latency = TimeSpan.FromHours(1);

        negative.Should().Throw<ArgumentOutOfRangeException>();
        absurd.Should().Throw<ArgumentOutOfRangeException>();
    }
}
