using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Portal.Components.Pages.Admin;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BakeryOps.Tests.Portal.Components;

public sealed class JdeConnectionPageTests
{
    [Fact]
    public async Task Faults_WhenArmedAndCleared_ThenTheSimulatorAndThePageFollow()
    {
        var faults = new JdeSimulatorFaults();
        await using var ctx = NewContext(JdeMode.Simulator, faults, new JdeCallLog());
        var cut = ctx.Render<JdeConnection>();
        cut.Find("#jde-armed-none");

        await cut.Find("#jde-fault-arm").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#jde-armed").TextContent.Should().Contain("Unavailable503 × 1").And.Contain("any orchestration"));
        faults.Armed.Should().ContainSingle(f => f.Kind == JdeFaultKind.Unavailable503 && f.Orchestration == null);

        await cut.Find("#jde-faults-clear").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#jde-armed-none"));
        faults.Armed.Should().BeEmpty();
    }

    [Fact]
    public async Task TestConnection_WhenNothingListens_ThenShowsTheFailureAndRecordsTheCall()
    {
        var calls = new JdeCallLog();
        await using var ctx = NewContext(JdeMode.Ais, new JdeSimulatorFaults(), calls);
        var cut = ctx.Render<JdeConnection>();

        await cut.Find("#jde-test").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#jde-test-result").TextContent.Should().StartWith("Failed:"), TimeSpan.FromSeconds(15));
        calls.Recent.Should().NotBeEmpty().And.OnlyContain(c => c.Outcome == "connection failed" && c.StatusCode == null);
        cut.FindAll("#jde-faults").Should().BeEmpty("fault controls only exist for the simulator");
        cut.Find("#jde-mode").TextContent.Should().Be("Ais");
    }

    [Fact]
    public async Task TestConnection_WhenFailuresOpenTheCircuit_ThenThePageShowsItAndTheNextTestIsRefusedUnsent()
    {
        var calls = new JdeCallLog();
        await using var ctx = NewContext(JdeMode.Ais, new JdeSimulatorFaults(), calls);
        var cut = ctx.Render<JdeConnection>();
        cut.Find("#jde-circuit").TextContent.Should().StartWith("Closed");

        for (var i = 1; i <= 2; i++)
        {
            await cut.Find("#jde-test").ClickAsync(new());
            cut.WaitForAssertion(() => calls.Recent.Should().HaveCount(i), TimeSpan.FromSeconds(15));
            cut.WaitForAssertion(() => cut.Find("#jde-test").HasAttribute("disabled").Should().BeFalse());
        }

        cut.Find("#jde-circuit").TextContent.Should().StartWith("Open").And.Contain("refused for 30 s more");
        await cut.Find("#jde-test").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#jde-test-result").TextContent.Should().Contain("failing repeatedly (circuit open)"));
        calls.Recent.Should().HaveCount(2);
    }

    private static PortalTestContext NewContext(JdeMode mode, JdeSimulatorFaults faults, JdeCallLog calls)
    {
        var ctx = new PortalTestContext();
        ctx.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new JdeOptions { Mode = mode }));
        // A loopback port nothing listens on: the real client, the real network stack, a real refusal.
        var settings = new JdeClientSettings
        {
            BaseUri = new Uri("http://127.0.0.1:9/jderest/"), UserName = "BAKERYINT", Password = "bakeryint",
            MaxReadAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1), CircuitMinimumThroughput = 2,
        };
        var resilience = new JdeResiliencePipelines(settings, TimeProvider.System, NullLogger.Instance);
        ctx.Services.AddSingleton(settings);
        ctx.Services.AddSingleton(calls);
        ctx.Services.AddSingleton(faults);
        ctx.Services.AddSingleton(resilience);
        ctx.Services.AddSingleton(new JdeAisClient(
            new HttpClient(new JdeCallRecorder(calls, TimeProvider.System) { InnerHandler = new SocketsHttpHandler() }),
            settings, TimeProvider.System, NullLogger<JdeAisClient>.Instance, resilience));
        ctx.SignIn("admin", Roles.Admin);
        return ctx;
    }
}
