using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Components.Pages.Inventory;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The "Bakery Ops Data" page over a real SQLite database and <see cref="InventoryService"/>: filters reach the
/// service's query, and the adjustment dialog shows the service's field messages. Events are raised with the awaited
/// bUnit helpers and results awaited with <c>WaitForAssertion</c>: the grids load after render, off the renderer.
/// </summary>
public sealed class BakeryOpsDataPageTests : IAsyncLifetime
{
    private InventoryPageContext _page = default!;
    private ProductView _flour = default!;
    private ProductView _sugar = default!;
    private ProductView _boxes = default!;
    private ProductView _baguette = default!;

    public async Task InitializeAsync()
    {
        _page = await InventoryPageContext.CreateAsync();
        _flour = await _page.AddProductAsync("Flour T55");
        _sugar = await _page.AddProductAsync("Caster sugar");
        _boxes = await _page.AddProductAsync("Cake boxes", "Packaging", "EA");
        _baguette = await _page.AddProductAsync("Baguette", "Finished Good", "EA");
    }

    public async Task DisposeAsync() => await _page.DisposeAsync();

    [Fact]
    public async Task ProductSearch_WhenTextIsTyped_ThenTheGridShowsOnlyMatchingProducts()
    {
        var cut = RenderPage();

        await cut.Find("#product-search").InputAsync(new ChangeEventArgs { Value = "flour" });

        cut.WaitForAssertion(() => ProductNames(cut).Should().Equal("Flour T55"), Wait);
    }

    [Fact]
    public async Task CategoryFilter_WhenACategoryIsChosen_ThenOnlyItsProductsAreListed()
    {
        var cut = RenderPage();

        await _page.SelectAsync(cut, "#category-filter", "Packaging");

        cut.WaitForAssertion(() => ProductNames(cut).Should().Equal("Cake boxes"), Wait);
    }

    [Fact]
    public async Task ShowArchived_WhenSwitchedOn_ThenArchivedProductsAppearMarked()
    {
        await _page.Inventory.SetArchivedAsync(InventoryPageContext.FacilityId, _sugar.Id, true, CancellationToken.None);
        var cut = RenderPage(expectedRows: 3);
        ProductNames(cut).Should().NotContain("Caster sugar");

        await cut.Find("#show-archived").ChangeAsync(new ChangeEventArgs { Value = true });

        cut.WaitForAssertion(() => ProductNames(cut).Should().Contain("Caster sugar"), Wait);
        Row(cut, _sugar.Id).QuerySelector(".product-archived").Should().NotBeNull();
        Row(cut, _flour.Id).QuerySelector(".product-archived").Should().BeNull();
    }

    [Fact]
    public async Task OnHandHeader_WhenClickedTwice_ThenProductsAreOrderedByStockDescending()
    {
        await _page.RecordAsync(_sugar, "RECEIPT", 50m);
        await _page.RecordAsync(_flour, "RECEIPT", 20m);
        await _page.RecordAsync(_boxes, "RECEIPT", 5m);
        var cut = RenderPage();

        await SortByAsync(cut, "On hand");
        cut.WaitForAssertion(() => ProductNames(cut).Should().Equal("Baguette", "Cake boxes", "Flour T55", "Caster sugar"), Wait);
        await SortByAsync(cut, "On hand");

        cut.WaitForAssertion(() => ProductNames(cut).Should().Equal("Caster sugar", "Flour T55", "Cake boxes", "Baguette"), Wait);
    }

    [Fact]
    public async Task ProductRow_WhenExpanded_ThenBatchesShowExpiredAndExpiringSoon()
    {
        var today = DateOnly.FromDateTime(_page.Clock.GetLocalNow().DateTime);
        await _page.RecordAsync(_flour, "RECEIPT", 5m, "B-OLD", today.AddDays(-1));
        await _page.RecordAsync(_flour, "RECEIPT", 6m, "B-SOON", today.AddDays(3));
        await _page.RecordAsync(_flour, "RECEIPT", 7m, "B-LATER", today.AddDays(30));
        var cut = RenderPage();

        await Row(cut, _flour.Id).QuerySelector("button")!.ClickAsync(new MouseEventArgs());

        cut.WaitForElement($".product-batches[data-product='{_flour.Id}']", Wait);
        ExpiryOf(cut, "B-OLD").Should().Be("expired");
        ExpiryOf(cut, "B-SOON").Should().Be("soon");
        ExpiryOf(cut, "B-LATER").Should().Be("ok");
        cut.Find(".batch-row[data-batch='B-SOON'] .batch-expiry").TextContent.Should().Contain("Expires in 3 days");
        cut.Find($"#onhand-{_flour.Id}").TextContent.Trim().Should().Be("18 KG");
    }

    [Fact]
    public async Task MovementTypeFilter_WhenTypesAreChosen_ThenOnlyThoseMovementsAreListed()
    {
        await _page.RecordAsync(_flour, "RECEIPT", 10m);
        await _page.RecordAsync(_flour, "USAGE", 2m);
        await _page.RecordAsync(_flour, "WASTE", 1m);
        var cut = RenderPage();
        await OpenMovementsAsync(cut);
        cut.WaitForAssertion(() => MovementTypes(cut).Should().BeEquivalentTo("RECEIPT", "USAGE", "WASTE"), Wait);

        await cut.Find("#movement-type-WASTE").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => MovementTypes(cut).Should().Equal("WASTE"), Wait);

        await cut.Find("#movement-type-USAGE").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => MovementTypes(cut).Should().BeEquivalentTo("USAGE", "WASTE"), Wait);
    }

    [Fact]
    public async Task AdjustmentDialog_WhenQuantityIsZero_ThenMessageUnderQuantityAndNothingRecorded()
    {
        var cut = RenderPage();
        await OpenAdjustmentForAsync(cut, _flour);
        await _page.Dialogs.Find("#adjust-quantity").ChangeAsync(new ChangeEventArgs { Value = "0" });

        await _page.Dialogs.Find("#adjust-save").ClickAsync(new MouseEventArgs());

        _page.Dialogs.WaitForAssertion(
            () => FieldText(_page.Dialogs, "#adjust-quantity").Should().Contain("A RECEIPT quantity must be greater than zero."), Wait);
        (await _page.MovementCountAsync()).Should().Be(0);
        cut.Find($"#onhand-{_flour.Id}").TextContent.Trim().Should().Be("0 KG");
    }

    [Fact]
    public async Task AdjustmentDialog_WhenTheUnitCannotBeConverted_ThenMessageUnderUnitAndNothingRecorded()
    {
        var cut = RenderPage();
        await OpenAdjustmentForAsync(cut, _flour);
        await _page.Dialogs.Find("#adjust-quantity").ChangeAsync(new ChangeEventArgs { Value = "5" });
        await _page.SelectAsync(_page.Dialogs, "#adjust-unit", "EA · each");

        await _page.Dialogs.Find("#adjust-save").ClickAsync(new MouseEventArgs());

        _page.Dialogs.WaitForAssertion(
            () => FieldText(_page.Dialogs, "#adjust-unit").Should().Contain("EA cannot be converted to the product's inventory unit KG"), Wait);
        (await _page.MovementCountAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData("#adjust-lot", "L1\tA", "a tab at position 3")]
    [InlineData("#adjust-lot", "L2508-0170123456789012345678901", "JD Edwards F4111 LOTN holds 30")]
    [InlineData("#adjust-vessel", "V\u00011", "U+0001 at position 2")]
    [InlineData("#adjust-reason", "Spill\u0000", "control character U+0000")]
    public async Task AdjustmentDialog_WhenAFieldBreaksTheInputRules_ThenMessageUnderItAndNothingRecorded(string field, string value, string message)
    {
        var cut = RenderPage();
        await OpenAdjustmentForAsync(cut, _flour);
        await _page.Dialogs.Find("#adjust-quantity").ChangeAsync(new ChangeEventArgs { Value = "5" });
        await _page.Dialogs.Find(field).ChangeAsync(new ChangeEventArgs { Value = value });

        await _page.Dialogs.Find("#adjust-save").ClickAsync(new MouseEventArgs());

        _page.Dialogs.WaitForAssertion(() => FieldText(_page.Dialogs, field).Should().Contain(message), Wait);
        (await _page.MovementCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ProductSearch_WhenTheTextHoldsAControlCharacter_ThenThePageSaysSoAndKeepsWorking()
    {
        var cut = RenderPage();

        await cut.Find("#product-search").InputAsync(new ChangeEventArgs { Value = "flour\u0000" });

        cut.WaitForAssertion(() => cut.Find("#bakery-ops-error").TextContent.Should().Contain("control character U+0000"), Wait);
        await cut.Find("#product-search").InputAsync(new ChangeEventArgs { Value = "sugar" });
        cut.WaitForAssertion(() => ProductNames(cut).Should().Equal("Caster sugar"), Wait);
    }

    [Fact]
    public async Task AdjustmentDialog_WhenAReceiptIsRecorded_ThenOnHandCellAndMovementsShowIt()
    {
        var cut = RenderPage();
        await cut.Find("#record-adjustment").ClickAsync(new MouseEventArgs());
        _page.Dialogs.WaitForElement("#adjust-product", Wait);
        await _page.Dialogs.Find("#adjust-product").InputAsync(new ChangeEventArgs { Value = "Flour" });
        await _page.ClickListItemAsync("Flour T55");
        _page.Dialogs.WaitForAssertion(() => _page.Dialogs.Find("#adjust-unit").GetAttribute("value").Should().Be("KG"), Wait);
        await _page.Dialogs.Find("#adjust-quantity").ChangeAsync(new ChangeEventArgs { Value = "2500" });
        await _page.SelectAsync(_page.Dialogs, "#adjust-unit", "G · gram");
        await _page.Dialogs.Find("#adjust-batch").ChangeAsync(new ChangeEventArgs { Value = "B-100" });

        await _page.Dialogs.Find("#adjust-save").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find($"#onhand-{_flour.Id}").TextContent.Trim().Should().Be("2.5 KG"), Wait);
        _page.Snackbars.WaitForAssertion(() => _page.Snackbars.Markup.Should().Contain("RECEIPT of 2,500 G recorded for Flour T55."), Wait);
        _page.Dialogs.FindAll("#adjust-save").Should().BeEmpty();
        var stored = await _page.Inventory.GetProductAsync(InventoryPageContext.FacilityId, _flour.Id, CancellationToken.None);
        stored.OnHand.Amount.Should().Be(2.5m);
        stored.OnHand.Batches.Should().ContainSingle(b => b.BatchNumber == "B-100" && b.Quantity == 2.5m);
        await OpenMovementsAsync(cut);
        cut.WaitForAssertion(() => MovementTypes(cut).Should().Equal("RECEIPT"), Wait);
    }

    [Fact]
    public async Task Address_WhenItNamesTheMovementsTabProductTypesAndDays_ThenTheTabOpensWithThoseFiltersAndTheGridLoadsFiltered()
    {
        // Days are local days inclusive: 5 March ends at midnight UTC (the site's zone here), 6 March is left out.
        await _page.RecordAsync(_flour, "RECEIPT", 100m, at: Day(1, 0, 0).AddDays(-7));
        await _page.RecordAsync(_sugar, "RECEIPT", 100m, at: Day(1, 0, 0).AddDays(-7));
        await _page.RecordAsync(_flour, "USAGE", 1m, at: Day(3, 8));
        await _page.RecordAsync(_flour, "WASTE", 2m, at: Day(5, 23, 59));
        await _page.RecordAsync(_flour, "USAGE", 3m, at: Day(6, 0, 1));
        await _page.RecordAsync(_flour, "USAGE", 4m, at: Day(1, 0, 0).AddMinutes(-1));
        await _page.RecordAsync(_flour, "RECEIPT", 5m, at: Day(4, 8));
        await _page.RecordAsync(_sugar, "USAGE", 6m, at: Day(4, 8));

        var cut = RenderAt($"bakery-ops-data?facility={InventoryPageContext.FacilityId}&tab=movements&product={_flour.Id}&types=WASTE,usage&from=2025-03-01&to=2025-03-05");

        cut.WaitForAssertion(() => MovementQuantities(cut).Should().Equal("2 KG", "1 KG"), Wait);
        cut.Find(".mud-tab.mud-tab-active").TextContent.Should().Contain("Movements");
        cut.Find("#movement-type-USAGE").ClassList.Should().Contain("mud-chip-selected");
        cut.Find("#movement-type-WASTE").ClassList.Should().Contain("mud-chip-selected");
        cut.Find("#movement-type-RECEIPT").ClassList.Should().NotContain("mud-chip-selected");
        cut.WaitForAssertion(() => cut.Find("#movement-product-filter").GetAttribute("value").Should().Be("Flour T55"), Wait);
        DateRangeOf(cut).Should().BeEquivalentTo(new { Start = new DateTime(2025, 3, 1), End = new DateTime(2025, 3, 5) });
        cut.FindAll("#bakery-ops-query-notes").Should().BeEmpty();
        cut.FindAll("#bakery-ops-error").Should().BeEmpty();
    }

    [Fact]
    public async Task Address_WhenItsFiltersCannotBeRead_ThenEachIsLeftOutWithANoteAndTheRestApplies()
    {
        await _page.RecordAsync(_flour, "RECEIPT", 10m);
        await _page.RecordAsync(_flour, "USAGE", 1m);
        await _page.RecordAsync(_flour, "WASTE", 2m);

        var cut = RenderAt("bakery-ops-data?tab=ledger&product=no-such-product&types=WASTE,SPILL&from=2025-02-30&to=soon");

        cut.WaitForAssertion(() => cut.FindAll("#bakery-ops-query-notes .query-note").Should().HaveCount(5), Wait);
        var notes = cut.Find("#bakery-ops-query-notes").TextContent;
        notes.Should().Contain("tab 'ledger'").And.Contain("product 'no-such-product'").And.Contain("type 'SPILL'")
            .And.Contain("'from' date '2025-02-30'").And.Contain("'to' date 'soon'");
        cut.FindAll("#bakery-ops-error").Should().BeEmpty();
        cut.Find(".mud-tab.mud-tab-active").TextContent.Should().Contain("Products");
        await OpenMovementsAsync(cut);
        cut.WaitForAssertion(() => MovementTypes(cut).Should().Equal("WASTE"), Wait);
    }

    [Fact]
    public void Address_WhenItsDaysRunBackwards_ThenTheyAreLeftOutWithANote()
    {
        var cut = RenderAt("bakery-ops-data?tab=movements&from=2025-03-05&to=2025-03-01");

        cut.WaitForAssertion(() => cut.Find("#bakery-ops-query-notes").TextContent.Should().Contain("run backwards"), Wait);
        DateRangeOf(cut).Should().BeNull();
    }

    private IRenderedComponent<BakeryOpsData> RenderAt(string address)
    {
        _page.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _page.Render<BakeryOpsData>();
    }

    private static DateRange? DateRangeOf(IRenderedComponent<BakeryOpsData> cut) => cut.FindComponent<MudDateRangePicker>().Instance.DateRange;

    private static DateTimeOffset Day(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, TimeSpan.Zero);

    private static List<string> MovementQuantities(IRenderedComponent<BakeryOpsData> cut) =>
        cut.FindAll("#movements-grid .movement-quantity").Select(e => e.TextContent.Trim()).ToList();

    private IRenderedComponent<BakeryOpsData> RenderPage(int expectedRows = 4)
    {
        var cut = _page.Render<BakeryOpsData>();
        cut.WaitForAssertion(() => ProductNames(cut).Should().HaveCount(expectedRows), Wait);
        return cut;
    }

    private async Task OpenAdjustmentForAsync(IRenderedComponent<BakeryOpsData> cut, ProductView product)
    {
        await cut.Find($".product-adjust[data-product='{product.Id}']").ClickAsync(new MouseEventArgs());
        _page.Dialogs.WaitForElement("#adjust-save", Wait);
    }

    private static async Task OpenMovementsAsync(IRenderedComponent<BakeryOpsData> cut)
    {
        await cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Movements")).ClickAsync(new MouseEventArgs());
        cut.WaitForElement("#movement-type-filter", Wait);
    }

    private static Task SortByAsync(IRenderedComponent<BakeryOpsData> cut, string title) =>
        cut.FindAll("#products-grid .sortable-column-header").Single(h => h.TextContent.Trim() == title).ClickAsync(new MouseEventArgs());

    private static List<string> ProductNames(IRenderedComponent<BakeryOpsData> cut) =>
        cut.FindAll("#products-grid .product-name").Select(e => e.TextContent.Trim()).ToList();

    private static List<string> MovementTypes(IRenderedComponent<BakeryOpsData> cut) =>
        cut.FindAll("#movements-grid .movement-type").Select(e => e.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<BakeryOpsData> cut, string productId) =>
        cut.Find($".product-name[data-product='{productId}']").Closest("tr")!;

    private static string? ExpiryOf(IRenderedComponent<BakeryOpsData> cut, string batch) =>
        cut.Find($".batch-row[data-batch='{batch}']").GetAttribute("data-expiry");
}

/// <summary>
/// The inventory pages over a migrated SQLite file and the real <see cref="InventoryService"/>, signed in as a planner
/// (who may read and record inventory), with a fixed clock and the site in the given zone.
/// </summary>
public sealed class InventoryPageContext : PortalTestContext
{
    public const string FacilityId = "test_bakery";
    public const string UserName = "planner";

    public static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 30, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;

    private InventoryPageContext(TestDatabase database, FakeTimeProvider clock, string timeZone) : base(clock)
    {
        _database = database;
        Clock = clock;
        Inventory = new InventoryService(database.ContextFactory(), Clock, new StockNotifications(NullLogger<StockNotifications>.Instance), NullLogger<InventoryService>.Instance);
        Services.AddSingleton(Inventory);
        Services.AddSingleton(Options.Create(new SiteOptions { DefaultFacilityId = FacilityId, TimeZone = timeZone }));
        SignIn(UserName, Roles.Planner);
        StartCircuit();
    }

    public InventoryService Inventory { get; }
    public FakeTimeProvider Clock { get; }

    public static async Task<InventoryPageContext> CreateAsync(string timeZone = "UTC")
    {
        var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using (var db = database.CreateContext())
        {
            db.Facilities.Add(new Facility { Id = FacilityId, Name = "Test Bakery", CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }

        return new InventoryPageContext(database, new RealTimersFakeTimeProvider(Now), timeZone);
    }

    public Task<ProductView> AddProductAsync(
        string name, string category = "Ingredient", string unit = "KG", IReadOnlyList<UnitConversionInput>? conversions = null) =>
        Inventory.CreateProductAsync(FacilityId, new ProductInput(name, "", category, unit, UnitConversions: conversions), CancellationToken.None);

    public Task RecordAsync(
        ProductView product, string type, decimal quantity, string? batch = null, DateOnly? expiry = null, DateTimeOffset? at = null) =>
        Inventory.RecordAdjustmentsAsync(FacilityId,
            [new AdjustmentInput(product.Id, quantity, product.InventoryUnit, type, batch, AdjustmentDate: at ?? Now.AddHours(-1), ExpiryDate: expiry)],
            isArray: false, "seed", CancellationToken.None);

    public async Task<int> MovementCountAsync() =>
        (await Inventory.ListMovementsAsync(FacilityId, new MovementQuery(), CancellationToken.None)).TotalCount;

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _database.DisposeAsync();
    }
}
