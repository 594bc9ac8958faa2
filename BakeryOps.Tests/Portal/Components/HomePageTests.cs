using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Components.Pages;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components;

[Trait("Category", "Sqlite")]
public sealed class HomePageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Home_WhenADependencyIsUnhealthy_ThenShowsEachEntryWithItsStatusAndReason()
    {
        await using var ctx = NewContext(checks => checks
            .AddCheck("database", () => HealthCheckResult.Healthy("Sqlite: connected, schema up to date"))
            .AddCheck("lake", () => HealthCheckResult.Unhealthy("bucket not writable")));

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
        await using var ctx = NewContext(checks => checks.AddCheck("database", () =>
            ++calls == 1 ? HealthCheckResult.Unhealthy("cannot connect") : HealthCheckResult.Healthy("back")));
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(() => cut.Find("#health-database").GetAttribute("data-status").Should().Be("unhealthy"));

        await cut.Find("#health-refresh").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#health-database").GetAttribute("data-status").Should().Be("healthy"));
        calls.Should().Be(2);
    }

    [Fact]
    public async Task Home_WhenJobRunsEndWhileItIsOpen_ThenTheJobsTableAndTheJobsHealthFollowWithoutAReload()
    {
        var jdeProbes = 0;
        await using var ctx = NewContext(checks => checks
            .AddCheck<SyncRunHealthCheck>(SyncRunHealthCheck.Name)
            .AddCheck("jde", () =>
            {
                Interlocked.Increment(ref jdeProbes);
                return HealthCheckResult.Healthy("answered");
            }));
        var recorder = ctx.Services.GetRequiredService<SyncRunRecorder>();
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(() => cut.Find("#jobs-none").TextContent.Should().StartWith("No background job has run yet"), PortalTestContext.Wait);

        await recorder.RunAsync("lake-outbox-flush", "schedule", null, (run, _) =>
        {
            run.Count("records", 7);
            return Task.CompletedTask;
        }, default);
        cut.WaitForAssertion(() => cut.Find("#jobs .job-status").GetAttribute("data-status").Should().Be("succeeded"), PortalTestContext.Wait);
        cut.Find("#jobs .job-counts").TextContent.Should().Be("records 7");

        for (var i = 0; i < 2; i++)
        {
            await recorder.RunAsync("lake-outbox-flush", "schedule", null, (run, _) =>
            {
                run.Fail("bakery_ops_products: the lake store did not answer.");
                return Task.CompletedTask;
            }, default);
        }

        cut.WaitForAssertion(() => cut.Find("#jobs .job-failures").TextContent.Should().Be("2"), PortalTestContext.Wait);
        cut.Find("#jobs .job-status").GetAttribute("data-status").Should().Be("failed");
        cut.Find("#jobs .job-detail").TextContent.Should().Be("bakery_ops_products: the lake store did not answer.");
        cut.WaitForAssertion(() => cut.Find("#health-jobs").GetAttribute("data-status").Should().Be("degraded"), PortalTestContext.Wait);
        cut.Find("#health-overall").GetAttribute("data-status").Should().Be("degraded");
        jdeProbes.Should().Be(1, "a finished run re-reads only the jobs entry, not JD Edwards and the lake");
    }

    private PortalTestContext NewContext(Action<IHealthChecksBuilder> checks)
    {
        var ctx = new PortalTestContext();
        ctx.Services.AddSingleton(Options.Create(new SyncRunOptions { FailuresBeforeDegraded = 2 }));
        ctx.Services.AddSingleton(_database.ContextFactory());
        ctx.Services.AddSingleton(new SyncRunNotifications(NullLogger<SyncRunNotifications>.Instance));
        ctx.Services.AddSingleton<SyncRunCatalog>();
        ctx.Services.AddSingleton<SyncRunRecorder>();
        checks(ctx.Services.AddHealthChecks());
        ctx.StartCircuit();
        return ctx;
    }
}
