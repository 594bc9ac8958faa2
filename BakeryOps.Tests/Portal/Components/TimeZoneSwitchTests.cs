using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Components.Pages.Inventory;
using BakeryOps.Portal.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The app bar's zone switch beside a page that shows instants (the inventory page, its clock fixed at
/// 2025-03-10 09:30 UTC, 10:30 in Paris): switching re-renders the page's dates and re-reads its date filter, the
/// browser keeps the choice, and a kept choice applies when the circuit starts.
/// </summary>
public sealed class TimeZoneSwitchTests : IAsyncLifetime
{
    private InventoryPageContext _page = default!;
    private ProductView _flour = default!;

    public async Task InitializeAsync()
    {
        _page = await InventoryPageContext.CreateAsync("Europe/Paris");
        _flour = await _page.AddProductAsync("Flour T55");
    }

    public async Task DisposeAsync() => await _page.DisposeAsync();

    [Fact]
    public async Task Switch_WhenSwitchedToUtc_ThenThePageShowsItsDatesInUtcAndTheBrowserKeepsTheChoice()
    {
        var zone = _page.Render<TimeZoneSwitch>();
        var cut = RenderPage();
        cut.WaitForAssertion(() => Updated(cut).Should().Be("2025-03-10 10:30"), Wait);
        zone.Find("#time-zone").TextContent.Should().Be("Europe/Paris");

        await zone.Find("#time-zone-utc").ChangeAsync(new ChangeEventArgs { Value = true });

        cut.WaitForAssertion(() => Updated(cut).Should().Be("2025-03-10 09:30"), Wait);
        zone.Find("#time-zone").TextContent.Should().Be("UTC");
        _page.JSInterop.VerifyInvoke("localStorage.setItem").Arguments.Should().Equal(TimeZoneSwitch.StorageKey, "utc");

        await zone.Find("#time-zone-utc").ChangeAsync(new ChangeEventArgs { Value = false });

        cut.WaitForAssertion(() => Updated(cut).Should().Be("2025-03-10 10:30"), Wait);
        zone.Find("#time-zone").TextContent.Should().Be("Europe/Paris");
        _page.JSInterop.VerifyInvoke("localStorage.setItem", calledTimes: 2)[1].Arguments.Should().Equal(TimeZoneSwitch.StorageKey, "site");
    }

    [Fact]
    public void Switch_WhenTheBrowserKeptUtc_ThenThePageStartsInUtc()
    {
        _page.JSInterop.Setup<string?>("localStorage.getItem", TimeZoneSwitch.StorageKey).SetResult("utc");

        var zone = _page.Render<TimeZoneSwitch>();
        var cut = RenderPage();

        cut.WaitForAssertion(() => Updated(cut).Should().Be("2025-03-10 09:30"), Wait);
        zone.WaitForAssertion(() => zone.Find("#time-zone").TextContent.Should().Be("UTC"), Wait);
        zone.Find("#time-zone").GetAttribute("data-utc").Should().Be("true");
    }

    [Fact]
    public async Task Switch_WhenFlippedBeforeTheBrowserAnswersWithTheKeptChoice_ThenTheFlipStands()
    {
        // The browser is slow to answer (a busy machine): the person switches to UTC meanwhile.
        var kept = _page.JSInterop.Setup<string?>("localStorage.getItem", TimeZoneSwitch.StorageKey);
        var zone = _page.Render<TimeZoneSwitch>();

        await zone.Find("#time-zone-utc").ChangeAsync(new ChangeEventArgs { Value = true });
        kept.SetResult("site");

        zone.WaitForAssertion(() => zone.Find("#time-zone").GetAttribute("data-utc").Should().Be("true"), Wait);
        zone.Find("#time-zone").TextContent.Should().Be("UTC");
    }

    [Fact]
    public async Task Switch_WhenTheSiteIsInUtc_ThenItNamesUtcAndHasNothingToSwitch()
    {
        await using var utcSite = await InventoryPageContext.CreateAsync("UTC");

        var zone = utcSite.Render<TimeZoneSwitch>();

        zone.Find("#time-zone").TextContent.Should().Be("UTC");
        zone.FindAll("#time-zone-utc").Should().BeEmpty();
        utcSite.JSInterop.Invocations["localStorage.getItem"].Should().BeEmpty();
    }

    [Fact]
    public async Task MovementDateRange_WhenSwitchedToUtc_ThenItsDaysAreUtcDays()
    {
        // 23:30 UTC on the 9th is 00:30 on the 10th in Paris; 08:00 UTC is the 10th in both; 12:00 UTC the 9th in both.
        await _page.RecordAsync(_flour, "RECEIPT", 1m, at: new DateTimeOffset(2025, 3, 9, 23, 30, 0, TimeSpan.Zero));
        await _page.RecordAsync(_flour, "RECEIPT", 2m, at: new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await _page.RecordAsync(_flour, "RECEIPT", 3m, at: new DateTimeOffset(2025, 3, 9, 12, 0, 0, TimeSpan.Zero));
        var zone = _page.Render<TimeZoneSwitch>();
        var cut = RenderPage();
        await cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Movements")).ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => MovementDates(cut).Should().HaveCount(3), Wait);
        var range = cut.FindComponent<MudDateRangePicker>();
        await cut.InvokeAsync(() => range.Instance.DateRangeChanged.InvokeAsync(new DateRange(new DateTime(2025, 3, 10), new DateTime(2025, 3, 10))));
        cut.WaitForAssertion(() => MovementDates(cut).Should().Equal("2025-03-10 09:00", "2025-03-10 00:30"), Wait);

        await zone.Find("#time-zone-utc").ChangeAsync(new ChangeEventArgs { Value = true });

        cut.WaitForAssertion(() => MovementDates(cut).Should().Equal("2025-03-10 08:00"), Wait);
    }

    private IRenderedComponent<BakeryOpsData> RenderPage()
    {
        var cut = _page.Render<BakeryOpsData>();
        cut.WaitForAssertion(() => cut.FindAll("#products-grid .product-name").Should().HaveCount(1), Wait);
        return cut;
    }

    private static string Updated(IRenderedComponent<BakeryOpsData> cut) => cut.Find("#products-grid .product-updated").TextContent.Trim();

    private static List<string> MovementDates(IRenderedComponent<BakeryOpsData> cut) =>
        cut.FindAll("#movements-grid .movement-date").Select(e => e.TextContent.Trim()).ToList();
}
