using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Portal.Components.Pages.Dashboard;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>Each dashboard tile in its states: loading, empty, healthy, needing a look, failing, and its read failing.</summary>
public sealed class DashboardTileTests : IAsyncDisposable
{
    private const string ReadFailed = "The database did not answer; try again in a moment.";
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly PortalTestContext _ctx = new();

    public DashboardTileTests()
    {
        _ctx.Services.AddSingleton(Options.Create(new SiteOptions { TimeZone = "Europe/Paris" }));
        _ctx.Services.AddScoped<TimeDisplay>();
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Fact]
    public void Reconciliation_WhenNoneIsStored_ThenEmptyWithALinkToTheComparison()
    {
        var cut = RenderReconciliation(null);

        StateOf(cut).Should().Be("empty");
        cut.Find("#reconciliation-none").TextContent.Should().Contain("No reconciliation yet");
        cut.FindAll("a").Select(a => a.GetAttribute("href")).Should().Contain("jde-vs-bakery");
    }

    [Fact]
    public void Reconciliation_WhenEveryLineMatches_ThenHealthyWithTheCountsAndTheAge()
    {
        var cut = RenderReconciliation(Glance(matches: 19));

        StateOf(cut).Should().Be("healthy");
        cut.Find("#reconciliation-matched").GetAttribute("data-count").Should().Be("19");
        cut.Find("#reconciliation-variance").GetAttribute("data-count").Should().Be("0");
        cut.Find("#reconciliation-missing").GetAttribute("data-count").Should().Be("0");
        cut.Find("#reconciliation-computed").TextContent.Should().Contain("Reconciled 3 min ago");
        cut.Find("#reconciliation-computed").GetAttribute("title").Should().Be("2026-03-14 12:57:00", "the exact time is in the site's zone");
        cut.FindAll(".reconciliation-line").Should().BeEmpty();
    }

    [Fact]
    public void Reconciliation_WhenLinesDisagree_ThenWarningWithTheLargestVariancesInTheirUnits()
    {
        var lines = new[]
        {
            new VarianceLine("prod_flour", "Flour T55", "", "Variance", "KG", 100m, 97.5m, -2.5m),
            new VarianceLine("prod_eggs", "Eggs", "L2511-EGG-01", "Missing in JDE", "EA", null, 12m, 12m),
        };

        var cut = RenderReconciliation(Glance(matches: 17, variances: 1, missingInJde: 1, largest: lines));

        StateOf(cut).Should().Be("warning");
        cut.Find("#reconciliation-variance").GetAttribute("data-count").Should().Be("1");
        cut.Find("#reconciliation-missing").GetAttribute("data-count").Should().Be("1");
        var shown = cut.FindAll(".reconciliation-line");
        shown.Select(l => l.QuerySelector(".line-variance")!.TextContent.Trim()).Should().Equal("-2.5 KG", "+12 EA");
        shown[1].QuerySelector(".line-product")!.TextContent.Should().Be("Eggs · lot L2511-EGG-01");
        cut.FindAll("#reconciliation-largest-hint").Should().ContainSingle("the tooltip says there are no unit costs");
    }

    [Fact]
    public void Reconciliation_WhenTheReadFails_ThenErrorWithTheReason()
    {
        var cut = RenderReconciliation(null, error: ReadFailed);

        StateOf(cut).Should().Be("error");
        cut.Find(".tile-error").TextContent.Should().Contain(ReadFailed);
    }

    [Fact]
    public void Reconciliation_BeforeTheFirstRead_ThenLoading()
    {
        var cut = _ctx.Render<ReconciliationTile>(p => p.Add(t => t.Loaded, false).Add(t => t.Now, Now));

        StateOf(cut).Should().Be("loading");
    }

    [Fact]
    public void Jobs_WhenNoneHasRun_ThenEmpty()
    {
        var cut = RenderJobs([]);

        StateOf(cut).Should().Be("empty");
        cut.Find("#jobs-none").TextContent.Should().StartWith("No background job has run yet");
    }

    [Fact]
    public void Jobs_WhenEachLastRunSucceeded_ThenHealthyWithStatusAgeAndCounts()
    {
        var cut = RenderJobs([Standing("cardex-sync", "succeeded", Now.AddMinutes(-3), 0, ("applied", 4))]);

        StateOf(cut).Should().Be("healthy");
        var row = cut.Find("#jobs tbody tr");
        row.QuerySelector(".job-status")!.GetAttribute("data-status").Should().Be("succeeded");
        row.QuerySelector(".job-age")!.TextContent.Should().Be("3 min ago");
        row.QuerySelector(".job-counts")!.TextContent.Should().Be("applied 4");
        cut.FindAll("a").Select(a => a.GetAttribute("href")).Should().Contain("sync-jobs");
    }

    [Fact]
    public void Jobs_WhenALastRunFailed_ThenErrorWithItsMessage()
    {
        var cut = RenderJobs(
        [
            Standing("cardex-sync", "succeeded", Now.AddHours(-2), 0),
            Standing("lake-outbox-flush", "failed", Now.AddDays(-3), 2, error: "the lake store did not answer"),
        ]);

        StateOf(cut).Should().Be("error");
        var failed = cut.FindAll("#jobs tbody tr").Single(r => r.TextContent.Contains("lake-outbox-flush", StringComparison.Ordinal));
        failed.QuerySelector(".job-detail")!.TextContent.Should().Be("the lake store did not answer");
        failed.QuerySelector(".job-failures")!.TextContent.Should().Be("2");
        failed.QuerySelector(".job-age")!.TextContent.Should().Be("3 d ago");
    }

    [Fact]
    public void Quarantine_WhenNothingWaits_ThenEmpty()
    {
        var cut = _ctx.Render<QuarantineTile>(p => p.Add(t => t.Glance, new QuarantineGlance(0, new Dictionary<string, int>(), null)).Add(t => t.Now, Now));

        StateOf(cut).Should().Be("empty");
        cut.Find("#quarantine-open").GetAttribute("data-count").Should().Be("0");
    }

    [Fact]
    public void Quarantine_WhenRowsWait_ThenWarningWithTheirReasons()
    {
        var glance = new QuarantineGlance(3, new Dictionary<string, int> { ["unknown_item"] = 2, ["unit_not_convertible"] = 1 }, Now.AddHours(-5));

        var cut = _ctx.Render<QuarantineTile>(p => p.Add(t => t.Glance, glance).Add(t => t.Now, Now));

        StateOf(cut).Should().Be("warning");
        cut.Find("#quarantine-open").GetAttribute("data-count").Should().Be("3");
        cut.FindAll(".quarantine-reason").Select(r => r.GetAttribute("data-reason")).Should().BeEquivalentTo("unknown_item", "unit_not_convertible");
        cut.Find("#quarantine-oldest").TextContent.Should().Contain("5 h ago");
    }

    [Fact]
    public void Quarantine_WhenTheReadFails_ThenError()
    {
        var cut = _ctx.Render<QuarantineTile>(p => p.Add(t => t.Error, ReadFailed).Add(t => t.Now, Now));

        StateOf(cut).Should().Be("error");
    }

    [Fact]
    public void Dispatch_WhenTheFacilityIsNotLinked_ThenEmptySayingSo()
    {
        var cut = _ctx.Render<DispatchTile>(p => p.Add(t => t.Glance, DispatchGlance.NotLinked));

        StateOf(cut).Should().Be("empty");
        cut.FindAll("#dispatch-not-linked").Should().ContainSingle();
    }

    [Fact]
    public void Dispatch_WhenPostingsWaitAndTravel_ThenHealthyWithTheCounts()
    {
        var cut = _ctx.Render<DispatchTile>(p => p.Add(t => t.Glance, new DispatchGlance(true, Unplanned: 1, Pending: 2, Approved: 3, Sending: 1, Posted: 4, Failed: 0)));

        StateOf(cut).Should().Be("healthy");
        cut.Find("#dispatch-waiting").GetAttribute("data-count").Should().Be("3", "movements not planned yet wait for review too");
        cut.Find("#dispatch-approved").GetAttribute("data-count").Should().Be("3");
        cut.Find("#dispatch-in-flight").GetAttribute("data-count").Should().Be("5");
        cut.FindAll("a").Select(a => a.GetAttribute("href")).Should().Contain("batch-review");
    }

    [Fact]
    public void Dispatch_WhenAPostingFailed_ThenError()
    {
        var cut = _ctx.Render<DispatchTile>(p => p.Add(t => t.Glance, new DispatchGlance(true, 0, 0, 0, 0, 0, Failed: 1)));

        StateOf(cut).Should().Be("error");
        cut.Find("#dispatch-failed").GetAttribute("data-count").Should().Be("1");
    }

    [Fact]
    public void Dispatch_WhenNothingWaits_ThenEmpty()
    {
        var cut = _ctx.Render<DispatchTile>(p => p.Add(t => t.Glance, new DispatchGlance(true, 0, 0, 0, 0, 0, 0)));

        StateOf(cut).Should().Be("empty");
        cut.FindAll("#dispatch-quiet").Should().ContainSingle();
    }

    [Fact]
    public void Usage_WhenNothingWasUsedToday_ThenEmpty()
    {
        var cut = RenderUsage(new UsageToday([], "Europe/Paris"));

        StateOf(cut).Should().Be("empty");
        cut.Find("#usage-none").TextContent.Should().Contain("No usage or waste has been recorded today (Europe/Paris)");
    }

    [Fact]
    public void Usage_WhenCategoriesWereUsed_ThenHealthyWithAChartAndTheFiguresAndALinkToThePivot()
    {
        var cut = RenderUsage(new UsageToday([new CategoryUsage("Flour", 12.5m, 0m), new CategoryUsage("Dairy", 3m, 1.25m)], "Europe/Paris"));

        StateOf(cut).Should().Be("healthy");
        cut.FindAll("#usage-chart").Should().ContainSingle();
        cut.FindAll(".usage-row").Select(r => (r.GetAttribute("data-category"), r.QuerySelector(".usage-usage")!.GetAttribute("data-value"),
            r.QuerySelector(".usage-waste")!.GetAttribute("data-value"))).Should().Equal(("Flour", "12.5", "0"), ("Dairy", "3", "1.25"));
        cut.FindAll("a").Select(a => a.GetAttribute("href")).Should().Contain(
            "pivot?dataset=movements&rows=category&columns=movementType&measures=inventoryQuantity:sum&f=movementType:in:USAGE|WASTE"
            + "&f=adjustmentDate:range:today&f=facilityId:eq:default_facility");
    }

    [Fact]
    public void Usage_WhenThePivotFails_ThenErrorThatSaysWhat()
    {
        var cut = RenderUsage(null, error: "The pivot engine did not answer; try again in a moment.");

        StateOf(cut).Should().Be("error");
        cut.Find(".tile-error").TextContent.Should().Contain("Today's usage could not be charted. The pivot engine did not answer");
    }

    [Fact]
    public void Lake_WhenNothingWasWritten_ThenEmpty()
    {
        var cut = RenderLake([new LakeDatasetFreshness("bakery_ops_movements", 0, null, 0, null)]);

        StateOf(cut).Should().Be("empty");
        cut.FindAll("#lake-none").Should().ContainSingle();
    }

    [Fact]
    public void Lake_WhenDatasetsAreWrittenAndRecordsWaitLessThanTwoBatches_ThenHealthyWithAgesAndWaitingCounts()
    {
        var cut = RenderLake(
        [
            new LakeDatasetFreshness("bakery_ops_movements", 4, Now.AddMinutes(-10), 2, Now.AddSeconds(-30)),
            new LakeDatasetFreshness("cardex_changes", 1, Now.AddHours(-1), 0, null),
        ]);

        StateOf(cut).Should().Be("healthy");
        var movements = cut.Find("tr.lake-dataset[data-dataset='bakery_ops_movements']");
        movements.QuerySelector(".lake-written")!.TextContent.Trim().Should().Be("10 min ago");
        movements.QuerySelector(".lake-waiting")!.GetAttribute("data-count").Should().Be("2");
        movements.GetAttribute("data-behind").Should().Be("false");
        cut.FindAll("a").Select(a => a.GetAttribute("href")).Should().Contain("s3-data-lake");
    }

    [Fact]
    public void Lake_WhenRecordsWaitLongerThanTwoBatches_ThenWarningOnThatDataset()
    {
        var cut = RenderLake([new LakeDatasetFreshness("bakery_ops_products", 2, Now.AddHours(-3), 5, Now.AddMinutes(-3))]);

        StateOf(cut).Should().Be("warning");
        cut.Find("tr.lake-dataset").GetAttribute("data-behind").Should().Be("true");
        cut.FindAll("#lake-behind").Should().ContainSingle();
    }

    [Fact]
    public void Lake_WhenTheReadFails_ThenError()
    {
        var cut = _ctx.Render<LakeTile>(p => p.Add(t => t.Error, ReadFailed).Add(t => t.Now, Now));

        StateOf(cut).Should().Be("error");
    }

    private IRenderedComponent<ReconciliationTile> RenderReconciliation(ReconciliationGlance? glance, string? error = null) =>
        _ctx.Render<ReconciliationTile>(p => p.Add(t => t.Glance, glance).Add(t => t.Loaded, true).Add(t => t.Error, error).Add(t => t.Now, Now));

    private IRenderedComponent<JobsTile> RenderJobs(IReadOnlyList<JobStandingView> jobs) =>
        _ctx.Render<JobsTile>(p => p.Add(t => t.Jobs, jobs).Add(t => t.FailuresBeforeDegraded, 2).Add(t => t.Now, Now));

    private IRenderedComponent<UsageTile> RenderUsage(UsageToday? usage, string? error = null) =>
        _ctx.Render<UsageTile>(p => p.Add(t => t.Usage, usage).Add(t => t.Error, error).Add(t => t.FacilityId, "default_facility"));

    private IRenderedComponent<LakeTile> RenderLake(IReadOnlyList<LakeDatasetFreshness> datasets) =>
        _ctx.Render<LakeTile>(p => p.Add(t => t.Glance, new LakeGlance(datasets, TimeSpan.FromSeconds(60))).Add(t => t.Now, Now));

    private static string? StateOf<T>(IRenderedComponent<T> cut)
        where T : IComponent => cut.Find(".dashboard-tile").GetAttribute("data-state");

    private static ReconciliationGlance Glance(int matches, int variances = 0, int missingInJde = 0, IReadOnlyList<VarianceLine>? largest = null) =>
        new(Guid.NewGuid(), Now.AddMinutes(-3), matches + variances + missingInJde, matches, variances, 0, missingInJde, 0, 0, largest ?? []);

    private static JobStandingView Standing(string job, string status, DateTimeOffset finishedAt, int failures, (string Name, long Value)? count = null, string? error = null)
    {
        var counts = count is { } c ? new Dictionary<string, long> { [c.Name] = c.Value } : new Dictionary<string, long>();
        var run = new SyncRunView(Guid.NewGuid(), job, null, "schedule", status, finishedAt.AddSeconds(-5), finishedAt, null, counts, error);
        return new JobStandingView(job, run, failures, status == "succeeded" ? finishedAt : null);
    }
}
