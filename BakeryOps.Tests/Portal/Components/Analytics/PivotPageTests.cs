using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Components.Pages.Analytics;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>A running portal on SQLite with the pivot tests' movements, shared by the page tests.</summary>
public sealed class PivotPageFixture : IAsyncLifetime
{
    public SqlitePortalFixture Portal { get; } = new();
    public PivotSeed Seed { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        Seed = await PivotSeed.SeedAsync(Portal.Services);
    }

    public Task DisposeAsync() => Portal.DisposeAsync();
}

/// <summary>
/// The pivot page over the real engine: the selectors build a spec that the address holds and gives back, an address
/// opens its view, bad parts and the engine's refusals are shown, the chart toggle and the drill-through.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class PivotPageTests(PivotPageFixture fixture) : IClassFixture<PivotPageFixture>, IAsyncLifetime
{
    private readonly PortalTestContext _ctx = new();

    private PivotService Pivot => fixture.Portal.Services.GetRequiredService<PivotService>();
    private NavigationManager Navigation => _ctx.Services.GetRequiredService<NavigationManager>();

    public Task InitializeAsync()
    {
        _ctx.Services.AddSingleton(Pivot);
        _ctx.Services.AddSingleton(fixture.Portal.Services.GetRequiredService<SavedPivotViews>());
        _ctx.Services.AddSingleton(fixture.Portal.Services.GetRequiredService<SavedPivotViewNotifications>());
        _ctx.Services.AddSingleton(fixture.Portal.Services.GetRequiredService<IOptions<SiteOptions>>());
        _ctx.Services.AddScoped<TimeDisplay>();
        _ctx.SignIn("planner", Roles.Planner);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Selectors_WhenAViewIsBuilt_ThenTheAddressHoldsItAndReadsBackAsTheSameSpec()
    {
        var cut = Open("pivot");
        cut.WaitForElement("#pivot-table", Wait);

        await _ctx.SelectAsync(cut, "#pivot-add-row", Label("category"));
        await _ctx.SelectAsync(cut, "#pivot-add-row", Label("productName"));
        await _ctx.SelectAsync(cut, "#pivot-add-column", Label("movementType"));
        await _ctx.SelectAsync(cut, "#pivot-measure-field-0", Label("quantity"));
        await cut.Find("#pivot-add-measure").ClickAsync(new MouseEventArgs());
        await _ctx.SelectAsync(cut, "#pivot-measure-field-1", "Rows (count)");
        await AddFilterAsync(cut, Label("movementType"), "is one of", "USAGE\nWASTE");
        await AddFilterAsync(cut, Label("lotNumber"), "equals", "a|b%c:d");
        await _ctx.SelectAsync(cut, "#pivot-date-grouping", "Month");
        await _ctx.SelectAsync(cut, "#pivot-sort", $"Sum of {Label("quantity")}, largest first");
        await cut.Find("#pivot-topn").ChangeAsync(new ChangeEventArgs { Value = "5" });
        await cut.Find("#pivot-subtotals").ChangeAsync(new ChangeEventArgs { Value = false });
        await _ctx.SelectAsync(cut, "#pivot-tz", "UTC");
        await cut.Find("#pivot-view-chart").ClickAsync(new MouseEventArgs());
        await _ctx.SelectAsync(cut, "#pivot-chart-kind", "Stacked bar");

        var expected = new PivotView(new PivotSpec
        {
            Dataset = "movements",
            Rows = ["category", "productName"],
            Columns = ["movementType"],
            Measures = [new PivotMeasure("quantity", Aggregates.Sum), new PivotMeasure(null, Aggregates.Count)],
            Filters = [new PivotFilter("movementType", FilterOps.In, ["USAGE", "WASTE"]), new PivotFilter("lotNumber", FilterOps.Equal, ["a|b%c:d"])],
            DateGrouping = DateGroupings.Month,
            Sort = new PivotSort(PivotSort.ByValue, PivotSort.Descending, 0),
            TopN = 5,
            Subtotals = false,
            TimeZone = "UTC",
        }, PivotDisplay.Chart, PivotChartKind.Stacked);
        cut.WaitForAssertion(() => PivotViewAssert.Equal(PivotQuery.Parse(new Uri(Navigation.Uri).Query).View, expected), Wait);
        Navigation.Uri.Should().Contain("f=movementType:in:USAGE|WASTE");
        cut.WaitForElement("#pivot-chart[data-kind='stacked']", Wait);
    }

    [Fact]
    public void Address_WhenItHoldsAView_ThenTheSelectorsShowItAndThePivotAnswersIt()
    {
        var months = fixture.Seed.UsageMonths;

        var cut = Open("pivot?dataset=movements&rows=category&measures=quantity:sum&f=movementType:eq:USAGE&dateGrouping=month&f=productName:contains:Pivot");

        cut.WaitForElement("#pivot-table", Wait);
        cut.FindAll("#pivot-rows .pivot-row-field").Select(c => c.GetAttribute("data-field")).Should().Equal("category");
        cut.FindAll("#pivot-filters .pivot-filter").Select(c => c.TextContent.Trim())
            .Should().Equal($"{Label("movementType")} equals USAGE", $"{Label("productName")} contains Pivot");
        // Months become the columns: the dataset's main date is added when no date field is named.
        cut.FindAll("thead th.pivot-column-label:not(.pivot-total-label)").Select(c => c.TextContent.Trim()).Should().Equal(months);
        RowLabels(cut).Should().Equal("Ingredient", "Packaging");
        CellTexts(cut, 0).Should().Equal("10", "8", "18");
        CellTexts(cut, 1).Should().Equal("2", "", "2");
        cut.Find("tfoot td.pivot-grand-total").TextContent.Should().Be("20");
    }

    [Fact]
    public void Address_WhenPartsAreBad_ThenEachIsListedAndTheRestIsShown()
    {
        var cut = Open("pivot?dataset=movements&rows=category&topN=lots&colour=red&f=productName:contains:Pivot");

        cut.WaitForElement("#pivot-table", Wait);
        cut.FindAll("#pivot-problems .pivot-problem").Select(p => p.TextContent).Should().SatisfyRespectively(
            p => p.Should().Contain("topN 'lots'"),
            p => p.Should().Contain("'colour'"));
        RowLabels(cut).Should().Equal("Ingredient", "Packaging");
    }

    [Fact]
    public void Address_WhenTheDatasetIsUnknown_ThenThePageSaysSoAndStartsFromMovements()
    {
        var cut = Open("pivot?dataset=recipes&rows=category");

        cut.WaitForElement("#pivot-table", Wait);
        cut.Find("#pivot-problems").TextContent.Should().Contain("There is no dataset 'recipes'");
        cut.Find("#pivot-selectors").TextContent.Should().Contain("Every recorded change of stock", "the movements dataset is described");
    }

    [Fact]
    public void Engine_WhenItRefusesTheSpec_ThenItsMessageNamingTheFieldIsShownAndNoTable()
    {
        var cut = Open("pivot?dataset=movements&rows=recipe&measures=quantity:sum");

        cut.WaitForAssertion(() => cut.Find("#pivot-error").TextContent.Should().Contain("recipe"), Wait);
        cut.FindAll("#pivot-table").Should().BeEmpty();
    }

    [Fact]
    public async Task Toggle_WhenTheChartIsChosenAndThenTheTable_ThenEachShowsAndTheAddressFollows()
    {
        var cut = Open("pivot?dataset=movements&rows=category&f=productName:contains:Pivot");
        cut.WaitForElement("#pivot-table", Wait);

        await cut.Find("#pivot-view-chart").ClickAsync(new MouseEventArgs());

        cut.WaitForElement("#pivot-chart svg", Wait);
        cut.FindAll("#pivot-table").Should().BeEmpty();
        cut.Find("#pivot-chart").GetAttribute("data-labels").Should().Be("2");
        Navigation.Uri.Should().EndWith("&view=chart");
        await _ctx.SelectAsync(cut, "#pivot-chart-kind", "Donut");
        cut.WaitForElement("#pivot-chart[data-kind='donut'] svg", Wait);
        Navigation.Uri.Should().EndWith("&view=chart&chart=donut");

        await cut.Find("#pivot-view-table").ClickAsync(new MouseEventArgs());

        cut.WaitForElement("#pivot-table", Wait);
        cut.FindAll("#pivot-chart").Should().BeEmpty();
        Navigation.Uri.Should().EndWith("&chart=donut", "the chart kind is kept for the next switch");
    }

    [Fact]
    public async Task DrillThrough_WhenACellIsClicked_ThenThePanelListsTheRowsBehindItWithLinks()
    {
        var cut = Open("pivot?dataset=movements&rows=category,productName&measures=count&f=movementType:eq:USAGE&f=productName:contains:Pivot");
        cut.WaitForElement("#pivot-table", Wait);
        var flour = cut.FindAll("tbody tr.pivot-leaf").Single(r => r.TextContent.Contains("Pivot flour"));

        await flour.QuerySelector("td.pivot-cell")!.ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.FindAll("#pivot-drill-rows .pivot-drill-row").Should().HaveCount(2), Wait);
        cut.Find("#pivot-drill-title").TextContent.Should().Be($"{Label("category")}: Ingredient · {Label("productName")}: Pivot flour");
        cut.Find("#pivot-drill-count").TextContent.Should().Be("Rows 1–2 of 2");
        cut.FindAll("#pivot-drill-rows .pivot-drill-row").Should().OnlyContain(r => r.TextContent.Contains("USAGE"));
        cut.Find(".pivot-drill-link[data-kind='movements']").GetAttribute("href").Should().Be("bakery-ops-data?facility=default_facility&tab=movements&types=USAGE");
        cut.FindAll("#pivot-drill-rows .pivot-drill-product").Select(l => l.GetAttribute("href")).Distinct()
            .Should().Equal($"product-history?facility=default_facility&product={fixture.Seed.Flour.Id}");
    }

    [Fact]
    public async Task DrillThrough_WhenTheCellIsATypeInAMonth_ThenTheMovementsLinkFiltersByTypeAndTheMonthsDays()
    {
        var month = fixture.Seed.UsageMonths[1];
        var cut = Open("pivot?dataset=movements&rows=adjustmentDate,movementType&measures=count&dateGrouping=month&f=productName:contains:Pivot");
        cut.WaitForElement("#pivot-table", Wait);
        var usage = cut.Find($"tbody tr.pivot-leaf[data-key='{month}\u241FUSAGE']");

        await usage.QuerySelector("td.pivot-cell")!.ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.FindAll("#pivot-drill-rows .pivot-drill-row").Should().NotBeEmpty(), Wait);
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd");
        var link = cut.Find(".pivot-drill-link[data-kind='movements']");
        link.GetAttribute("href").Should().Be(
            $"bakery-ops-data?facility={PivotSeed.Facility}&tab=movements&types=USAGE&from={first:yyyy-MM-dd}&to={first.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
        link.TextContent.Trim().Should().Be("Open in the movements grid (filtered by type and dates)");
        link.GetAttribute("title").Should().Be($"The grid shows more than the cell: it cannot filter by {Label("productName")}.");
    }

    [Fact]
    public async Task Groups_WhenAGroupIsCollapsed_ThenItsProductsHide()
    {
        var cut = Open("pivot?dataset=movements&rows=category,productName&f=productName:contains:Pivot");
        cut.WaitForElement("#pivot-table", Wait);
        cut.FindAll("tbody tr.pivot-leaf").Should().HaveCount(3);

        await cut.FindAll("tbody tr.pivot-group").First(r => r.TextContent.Contains("Ingredient")).QuerySelector(".pivot-toggle")!.ClickAsync(new MouseEventArgs());

        cut.FindAll("tbody tr.pivot-leaf").Select(r => r.TextContent).Should().ContainSingle().Which.Should().Contain("Pivot boxes");
    }

    [Fact]
    public async Task TimeZone_WhenTheUserSwitchesToUtc_ThenDatesGroupInUtcUnlessTheAddressNamesAZone()
    {
        // A site in Paris: the page groups in the site's zone until the user shows times in UTC.
        _ctx.Services.AddScoped(_ => new TimeDisplay(Options.Create(new SiteOptions { TimeZone = "Europe/Paris" })));
        var cut = Open("pivot?dataset=movements&rows=category&dateGrouping=day&f=productName:contains:Pivot");
        cut.WaitForAssertion(() => cut.Find("#pivot-summary").TextContent.Should().Contain("dates by day in Europe/Paris"), Wait);

        await cut.InvokeAsync(() => _ctx.Services.GetRequiredService<TimeDisplay>().Utc = true);

        cut.WaitForAssertion(() => cut.Find("#pivot-summary").TextContent.Should().Contain("dates by day in UTC"), Wait);
        new Uri(Navigation.Uri).Query.Should().NotContain("tz=", "the zone follows the display, so the address does not fix one");

        var fixedZone = Open("pivot?dataset=movements&rows=category&dateGrouping=day&tz=Europe/Paris");
        fixedZone.WaitForAssertion(() => fixedZone.Find("#pivot-summary").TextContent.Should().Contain("in Europe/Paris"), Wait);
    }

    [Fact]
    public async Task SavedViews_WhenTheViewIsSaved_ThenItIsListedByItsAddressNamesTheDownloadsAndCanBeDeleted()
    {
        const string Query = "dataset=movements&rows=productName&f=productName:contains:Pivot&view=chart&chart=line";
        var cut = Open("pivot?" + Query);
        cut.WaitForElement("#pivot-chart", Wait);

        await cut.Find("#pivot-save-view").ClickAsync(new MouseEventArgs());
        await _ctx.Dialogs.Find("#pivot-save-name").InputAsync(new ChangeEventArgs { Value = "Pivot products, line" });
        await _ctx.Dialogs.Find("#pivot-save-confirm").ClickAsync(new MouseEventArgs());

        var saved = cut.WaitForElement(".pivot-saved-view[data-name='Pivot products, line']", Wait);
        saved.QuerySelector("a.pivot-saved-view-link")!.GetAttribute("href").Should().Be("pivot?" + Query);
        var views = fixture.Portal.Services.GetRequiredService<SavedPivotViews>();
        var stored = (await views.ListAsync(new PivotViewUser("planner", false), CancellationToken.None)).Single(v => v.Name == "Pivot products, line");
        stored.Query.Should().Be(Query);
        stored.Shared.Should().BeFalse();
        cut.FindComponent<PivotChart>().Instance.FileName.Should().Be("Pivot-products-line", "the downloads are named after the view shown");

        await saved.QuerySelector(".mud-chip-close-button")!.ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.FindAll(".pivot-saved-view[data-name='Pivot products, line']").Should().BeEmpty(), Wait);
        (await views.ListAsync(new PivotViewUser("planner", false), CancellationToken.None)).Should().NotContain(v => v.Name == "Pivot products, line");
    }

    [Fact]
    public async Task SavedViews_WhenAnotherUserSharesAView_ThenItAppearsLiveWithoutADeleteForANonAdmin()
    {
        var views = fixture.Portal.Services.GetRequiredService<SavedPivotViews>();
        var cut = Open("pivot?dataset=movements&rows=category");
        cut.WaitForElement("#pivot-saved-views", Wait);

        var shared = await views.CreateAsync(new SavedPivotViewInput("Everyone's usage", "dataset=movements&f=movementType:eq:USAGE", Shared: true),
            new PivotViewUser("someone-else", false), CancellationToken.None);
        await views.CreateAsync(new SavedPivotViewInput("Someone's own", "dataset=movements", Shared: false),
            new PivotViewUser("someone-else", false), CancellationToken.None);

        var chip = cut.WaitForElement($".pivot-saved-view[data-id='{shared.Id}']", Wait);
        chip.QuerySelector("a.pivot-saved-view-link")!.GetAttribute("href").Should().Be("pivot?dataset=movements&f=movementType:eq:USAGE");
        chip.QuerySelector(".mud-chip-close-button").Should().BeNull("only its owner or an Admin may delete a shared view");
        cut.FindAll(".pivot-saved-view[data-name=\"Someone's own\"]").Should().BeEmpty("another user's private view is theirs alone");
    }

    private IRenderedComponent<PivotPage> Open(string address)
    {
        if (_ctx.Popovers is null)
        {
            _ctx.StartCircuit();
        }

        Navigation.NavigateTo(address);
        return _ctx.Render<PivotPage>();
    }

    private async Task AddFilterAsync(IRenderedComponent<PivotPage> cut, string field, string op, string value)
    {
        await cut.Find("#pivot-add-filter").ClickAsync(new MouseEventArgs());
        await _ctx.SelectAsync(cut, "#filter-field", field);
        await _ctx.SelectAsync(cut, "#filter-op", op);
        var input = cut.FindAll("#filter-values").Count > 0 ? "#filter-values" : "#filter-value";
        await cut.Find(input).InputAsync(new ChangeEventArgs { Value = value });
        await cut.Find("#filter-apply").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => cut.FindAll("#filter-editor").Should().BeEmpty(), Wait);
    }

    private string Label(string field) => Pivot.Datasets.Single(d => d.Name == "movements").Fields.Single(f => f.Name == field).Label;

    private static List<string> RowLabels(IRenderedComponent<PivotPage> cut) =>
        [.. cut.FindAll("tbody tr.pivot-row").Select(r => r.QuerySelector("th.pivot-row-label")!.TextContent.Trim())];

    private static List<string> CellTexts(IRenderedComponent<PivotPage> cut, int row) =>
        [.. cut.FindAll($"tbody tr.pivot-row")[row].QuerySelectorAll("td.pivot-cell").Select(c => c.TextContent)];
}
