using BakeryOps.Portal.Components.Pages;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BakeryOps.Tests.Portal.Components;

public sealed class HomePageTests
{
    [Fact]
    public async Task Home_WhenADependencyIsUnhealthy_ThenShowsEachEntryWithItsStatusAndReason()
    {
        await using var ctx = NewContext(database: HealthCheckResult.Healthy("Sqlite: connected, schema up to date"),
            lake: HealthCheckResult.Unhealthy("bucket not writable"));

        var cut = ctx.Render<Home>();

        cut.WaitForAssertion(() => cut.Find("#health-overall").GetAttribute("data-status").Should().Be("unhealthy"));
        cut.Find("#health-database").GetAttribute("data-status").Should().Be("healthy");
        cut.Find("#health-database .health-description").TextContent.Should().Be("Sqlite: connected, schema up to date");
        cut.Find("#health-lake").GetAttribute("data-status").Should().Be("unhealthy");
        cut.Find("#health-lake .health-description").TextContent.Should().Be("bucket not writable");
        cut.Find("#health-overall").TextContent.Should().Contain("a dependency is unhealthy");
    }

    [Fact]
    public async Task Home_WhenCheckAgainIsClicked_ThenRunsTheChecksAgain()
    {
        var calls = 0;
        await using var ctx = new PortalTestContext();
        ctx.Services.AddHealthChecks().AddCheck("database", () =>
            ++calls == 1 ? HealthCheckResult.Unhealthy("cannot connect") : HealthCheckResult.Healthy("back"));
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(() => cut.Find("#health-database").GetAttribute("data-status").Should().Be("unhealthy"));

        await cut.Find("#health-refresh").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#health-database").GetAttribute("data-status").Should().Be("healthy"));
        calls.Should().Be(2);
    }

    private static PortalTestContext NewContext(HealthCheckResult database, HealthCheckResult lake)
    {
        var ctx = new PortalTestContext();
        ctx.Services.AddHealthChecks().AddCheck("database", () => database).AddCheck("lake", () => lake);
        return ctx;
    }
}
