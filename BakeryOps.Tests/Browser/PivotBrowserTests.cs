using System.Globalization;
using System.Text.RegularExpressions;
using BakeryOps.Tests.Portal.Components.Analytics;
using BakeryOps.Tests.TestInfrastructure;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class PivotBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ViewName = "Usage by category × month";

    [Fact]
    public async Task Pivot_WhenUsageByCategoryAndMonthIsBuilt_ThenItChartsDrillsThroughAndReopensFromItsSavedAddress()
    {
        var seed = await PivotSeed.SeedAsync(browser.Portal.Services);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/pivot");
        await WaitForInteractiveAsync(page, "#pivot-ready");
        await Expect(page.Locator("#pivot-table")).ToBeVisibleAsync();

        await page.ClickAsync("#pivot-add-filter");
        await SelectAsync(page, "#filter-field", "Movement type");
        await page.FillAsync("#filter-value", "USAGE");
        await page.ClickAsync("#filter-apply");
        await Expect(page.Locator(".pivot-filter")).ToHaveTextAsync("Movement type equals USAGE");
        await SelectAsync(page, "#pivot-add-row", "Category");
        await SelectAsync(page, "#pivot-measure-field-0", "Quantity entered");
        await SelectAsync(page, "#pivot-date-grouping", "Month");

        await Expect(page).ToHaveURLAsync(new Regex("/pivot\\?dataset=movements&rows=category&measures=quantity:sum&f=movementType:eq:USAGE&dateGrouping=month$"));
        var ingredient = page.Locator("#pivot-table tbody tr.pivot-row", new() { HasTextString = "Ingredient" });
        await Expect(ingredient.Locator("td.pivot-cell")).ToHaveTextAsync(["10", "8", "18"]);
        await Expect(page.Locator("#pivot-table thead th.pivot-column-label:not(.pivot-total-label)")).ToHaveTextAsync([.. seed.UsageMonths]);
        await Expect(page.Locator("#pivot-table tfoot td.pivot-grand-total")).ToHaveTextAsync("20");
        await ScreenshotAsync(page, "pivot-table.png");

        await page.ClickAsync("#pivot-view-chart");
        await Expect(page).ToHaveURLAsync(new Regex("&view=chart$"));
        await Expect(page.Locator("#pivot-chart svg").First).ToBeVisibleAsync();
        var svg = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pivot-download-svg"));
        svg.SuggestedFilename.Should().Be("pivot-movements-category-month.svg");
        var drawing = await File.ReadAllTextAsync((await svg.PathAsync())!);
        // It stands alone: the SVG namespace, styles written inline, the legend drawn in.
        drawing.Should().StartWith("<svg").And.Contain("xmlns=\"http://www.w3.org/2000/svg\"").And.Contain("style=\"fill:")
            .And.Contain(seed.UsageMonths[0]);
        var png = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pivot-download-png"));
        png.SuggestedFilename.Should().Be("pivot-movements-category-month.png");
        (await File.ReadAllBytesAsync((await png.PathAsync())!)).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
        await ScreenshotAsync(page, "pivot-chart.png");

        await page.ClickAsync("#pivot-view-table");
        await ingredient.Locator("td.pivot-cell[data-column]").First.ClickAsync();
        await Expect(page.Locator("#pivot-drill-title")).ToHaveTextAsync($"Category: Ingredient · Date: {seed.UsageMonths[0]}");
        await Expect(page.Locator("#pivot-drill-rows .pivot-drill-row")).ToHaveCountAsync(1);
        await Expect(page.Locator("#pivot-drill-rows .pivot-drill-row")).ToContainTextAsync("Pivot flour");
        // The grid filters by the type (the pivot's filter) and the month's days; it cannot filter by category.
        var month = DateOnly.ParseExact(seed.UsageMonths[0] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(page.Locator(".pivot-drill-link[data-kind='movements']")).ToHaveAttributeAsync("href",
            $"bakery-ops-data?facility=default_facility&tab=movements&types=USAGE&from={month:yyyy-MM-dd}&to={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
        await ScreenshotAsync(page, "pivot-drill-through.png");
        await page.ClickAsync("#pivot-drill-close");

        await page.ClickAsync("#pivot-save-view");
        await page.FillAsync("#pivot-save-name", ViewName);
        await page.ClickAsync("#pivot-save-confirm");
        var saved = page.Locator(".pivot-saved-view", new() { HasTextString = ViewName }).Locator("a.pivot-saved-view-link");
        await Expect(saved).ToBeVisibleAsync();
        var address = await saved.GetAttributeAsync("href");
        address.Should().Be("pivot?dataset=movements&rows=category&measures=quantity:sum&f=movementType:eq:USAGE&dateGrouping=month");

        var reopened = await browser.NewPageAsync();
        await SignInAsync(reopened, "/" + address);
        await WaitForInteractiveAsync(reopened, "#pivot-ready");
        await Expect(reopened.Locator(".pivot-filter")).ToHaveTextAsync("Movement type equals USAGE");
        await Expect(reopened.Locator(".pivot-row-field")).ToHaveTextAsync(["Category"]);
        await Expect(reopened.Locator("#pivot-table tbody tr.pivot-row", new() { HasTextString = "Ingredient" }).Locator("td.pivot-cell"))
            .ToHaveTextAsync(["10", "8", "18"]);
        await Expect(reopened.Locator(".pivot-saved-view", new() { HasTextString = ViewName })).ToBeVisibleAsync();
    }
}
