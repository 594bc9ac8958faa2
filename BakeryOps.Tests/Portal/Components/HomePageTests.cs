using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Components.Pages;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The home page over a running portal's services (the dashboard reads its database and hears its notifications), with
/// the health checks each test gives. One portal per class: the tests that start from an empty history have their own.
/// </summary>
public abstract class HomePageTests(SqlitePortalFixture fixture) : IAsyncLifetime
{
    private protected readonly PortalTestContext _ctx = new();
    private protected SqlitePortalFixture Fixture => fixture;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    /// <summary>The page's services: the portal's, but these health checks and two failures in a row before a job degrades.</summary>
    private protected void StartWith(Action<IHealthChecksBuilder> checks)
    {
        foreach (var service in new[]
        {
            typeof(DashboardReader), typeof(SyncRunCatalog), typeof(SyncRunNotifications), typeof(StockNotifications), typeof(DispatchNotifications),
            typeof(IOptions<SiteOptions>),
        })
        {
            _ctx.Services.AddSingleton(service, fixture.Services.GetRequiredService(service));
        }

        _ctx.Services.AddScoped<TimeDisplay>();
        _ctx.Services.AddSingleton(Options.Create(new SyncRunOptions { FailuresBeforeDegraded = 2 }));
        checks(_ctx.Services.AddHealthChecks());
        _ctx.StartCircuit();
    }

    private protected static string? StateOf(IRenderedComponent<Home> cut, string tile) => cut.Find($"#tile-{tile}").GetAttribute("data-state");

    private protected static int Reloads(IRenderedComponent<Home> cut) => int.Parse(cut.Find("#dashboard-read-at").GetAttribute("data-reloads")!,
        System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The dependency health stays on the home page below the dashboard.</summary>
[Trait("Category", "Sqlite")]
public sealed class HomeHealthPageTests(SqlitePortalFixture fixture) : HomePageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public void Home_WhenADependencyIsUnhealthy_ThenShowsEachEntryWithItsStatusAndReason()
    {
        StartWith(checks => checks
            .AddCheck("database", () => HealthCheckResult.Healthy("Sqlite: connected, schema up to date"))
            .AddCheck("lake", () => HealthCheckResult.Unhealthy("bucket not writable")));

        var cut = _ctx.Render<Home>();

        cut.WaitForAssertion(() => cut.Find("#health-overall").GetAttribute("data-status").Should().Be("unhealthy"), Wait);
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
        StartWith(checks => checks.AddCheck("database", () =>
            Interlocked.Increment(ref calls) == 1 ? HealthCheckResult.Unhealthy("cannot connect") : HealthCheckResult.Healthy("back")));
        var cut = _ctx.Render<Home>();
        cut.WaitForAssertion(() => cut.Find("#health-database").GetAttribute("data-status").Should().Be("unhealthy"), Wait);

        await cut.Find("#health-refresh").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("#health-database").GetAttribute("data-status").Should().Be("healthy"), Wait);
        calls.Should().Be(2);
    }
}

/// <summary>A portal where no job has run yet: the jobs tile follows the runs as they end.</summary>
[Trait("Category", "Sqlite")]
public sealed class HomeJobsPageTests(SqlitePortalFixture fixture) : HomePageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Home_WhenJobRunsEndWhileItIsOpen_ThenTheJobsTileAndTheJobsHealthFollowWithoutAReload()
    {
        var jdeProbes = 0;
        StartWith(checks => checks
            .AddCheck<SyncRunHealthCheck>(SyncRunHealthCheck.Name)
            .AddCheck("jde", () =>
            {
                Interlocked.Increment(ref jdeProbes);
                return HealthCheckResult.Healthy("answered");
            }));
        var recorder = Fixture.Services.GetRequiredService<SyncRunRecorder>();
        var cut = _ctx.Render<Home>();
        cut.WaitForAssertion(() => cut.Find("#jobs-none").TextContent.Should().StartWith("No background job has run yet"), Wait);
        StateOf(cut, "jobs").Should().Be("empty");

        await recorder.RunAsync("test-job", "schedule", null, (run, _) =>
        {
            run.Count("records", 7);
            return Task.CompletedTask;
        }, default);
        cut.WaitForAssertion(() => cut.Find("#jobs .job-status").GetAttribute("data-status").Should().Be("succeeded"), Wait);
        cut.Find("#jobs .job-counts").TextContent.Should().Be("records 7");
        cut.Find("#jobs .job-age").TextContent.Should().Be("just now");
        StateOf(cut, "jobs").Should().Be("healthy");

        for (var i = 0; i < 2; i++)
        {
            await recorder.RunAsync("test-job", "schedule", null, (run, _) =>
            {
                run.Fail("bakery_ops_products: the lake store did not answer.");
                return Task.CompletedTask;
            }, default);
        }

        cut.WaitForAssertion(() => cut.Find("#jobs .job-failures").TextContent.Should().Be("2"), Wait);
        cut.Find("#jobs .job-status").GetAttribute("data-status").Should().Be("failed");
        cut.Find("#jobs .job-detail").TextContent.Should().Be("bakery_ops_products: the lake store did not answer.");
        StateOf(cut, "jobs").Should().Be("error");
        cut.WaitForAssertion(() => cut.Find("#health-jobs").GetAttribute("data-status").Should().Be("degraded"), Wait);
        cut.Find("#health-overall").GetAttribute("data-status").Should().Be("degraded");
        jdeProbes.Should().Be(1, "a finished run re-reads only the jobs entry, not JD Edwards and the lake");
    }
}

/// <summary>Notifications in a burst are read once; another facility's are not read at all.</summary>
[Trait("Category", "Sqlite")]
public sealed class HomeBurstPageTests(SqlitePortalFixture fixture) : HomePageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Home_WhenManyMovementsAreAnnouncedAtOnce_ThenItReadsOnceAfterTheWindowAndIgnoresOtherFacilities()
    {
        StartWith(_ => { });
        var cut = _ctx.Render<Home>();
        cut.WaitForElement("#dashboard-read-at", Wait);
        var before = Reloads(cut);
        var stock = Fixture.Services.GetRequiredService<StockNotifications>();

        stock.Publish("another_facility");
        await Task.Delay(Home.ReloadWindow * 3);
        Reloads(cut).Should().Be(before, "another facility's movements change nothing here");

        for (var i = 0; i < 50; i++)
        {
            stock.Publish(CardexSyncDriver.Facility);
        }

        cut.WaitForAssertion(() => Reloads(cut).Should().Be(before + 1), Wait);
        await Task.Delay(Home.ReloadWindow * 3);
        Reloads(cut).Should().Be(before + 1, "fifty changes within one window are one read");
    }
}

/// <summary>
/// A linked facility (the sample bakery after its first sync): the tiles follow a reconciliation run, a usage and a
/// transfer recorded elsewhere, over the circuit.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class HomeLivePageTests(SqlitePortalFixture fixture) : HomePageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Home_WhenAReconciliationRunsAndMovementsAreRecorded_ThenTheTilesFollowWithoutAReload()
    {
        var sync = new CardexSyncDriver(Fixture);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        StartWith(_ => { });
        var cut = _ctx.Render<Home>();
        cut.WaitForAssertion(() => StateOf(cut, "reconciliation").Should().Be("empty"), Wait);
        StateOf(cut, "dispatch").Should().Be("empty");
        cut.FindAll("#dispatch-quiet").Should().ContainSingle("the facility is linked and nothing waits");
        cut.Find("#jobs tr .job-name").TextContent.Should().Be("cardex-sync");

        var reconciler = Fixture.Services.GetRequiredService<ReconciliationRunner>();
        await reconciler.RunNowAsync(CardexSyncDriver.Facility, "test", CancellationToken.None);
        cut.WaitForAssertion(() => StateOf(cut, "reconciliation").Should().Be("healthy"), Wait);
        int.Parse(cut.Find("#reconciliation-matched").GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();
        cut.Find("#reconciliation-variance").GetAttribute("data-count").Should().Be("0");

        var inventory = Fixture.Services.GetRequiredService<InventoryService>();
        await inventory.RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, 4m, "KG", "USAGE")], isArray: false, "baker", CancellationToken.None);
        cut.WaitForAssertion(() => cut.Find("#dispatch-waiting").GetAttribute("data-count").Should().Be("1"), Wait);
        StateOf(cut, "dispatch").Should().Be("healthy");

        // A transfer out is not posted to JD Edwards: a real variance at the next reconciliation.
        await inventory.RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, -2.5m, "KG", "TRANSFER")], isArray: false, "baker", CancellationToken.None);
        await reconciler.RunNowAsync(CardexSyncDriver.Facility, "test", CancellationToken.None);
        cut.WaitForAssertion(() => StateOf(cut, "reconciliation").Should().Be("warning"), Wait);
        cut.Find("#reconciliation-variance").GetAttribute("data-count").Should().Be("1");
        var line = cut.Find(".reconciliation-line");
        line.GetAttribute("data-product").Should().Be(CardexSyncDriver.Flour);
        line.QuerySelector(".line-variance")!.TextContent.Trim().Should().Be("-2.5 KG");
    }
}

/// <summary>Today's usage and waste follow movements recorded elsewhere (through the pivot engine).</summary>
[Trait("Category", "Sqlite")]
public sealed class HomeUsagePageTests(SqlitePortalFixture fixture) : HomePageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Home_WhenAUsageAndAWasteAreRecorded_ThenTheUsageTileChartsThemByCategory()
    {
        await new CardexSyncDriver(Fixture).LoadSampleDataAsync();
        StartWith(_ => { });
        var cut = _ctx.Render<Home>();
        // The sample bakery's history may reach into today: the test adds to what the tile shows first.
        cut.WaitForAssertion(() => StateOf(cut, "usage").Should().BeOneOf("empty", "healthy"), Wait);
        var inventory = Fixture.Services.GetRequiredService<InventoryService>();
        var category = (await inventory.GetProductAsync(CardexSyncDriver.Facility, CardexSyncDriver.Flour, CancellationToken.None)).ProductCategory;
        var (usage, waste) = (Shown(cut, category, "usage"), Shown(cut, category, "waste"));

        await inventory.RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, 3m, "KG", "USAGE"), new AdjustmentInput(CardexSyncDriver.Flour, 0.5m, "KG", "WASTE")],
            isArray: true, "baker", CancellationToken.None);

        cut.WaitForAssertion(() => Shown(cut, category, "usage").Should().Be(usage + 3m), Wait);
        Shown(cut, category, "waste").Should().Be(waste + 0.5m);
        StateOf(cut, "usage").Should().Be("healthy");
        cut.FindAll("#usage-chart").Should().ContainSingle();
    }

    private static decimal Shown(IRenderedComponent<Home> cut, string category, string measure) =>
        cut.FindAll($".usage-row[data-category='{category}'] .usage-{measure}").SingleOrDefault()?.GetAttribute("data-value") is { } value
            ? decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0m;
}
