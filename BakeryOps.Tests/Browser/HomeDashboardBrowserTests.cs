using System.Globalization;
using System.Net.Http.Json;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class HomeDashboardBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Home_WhenAUsageIsPostedThroughTheApi_ThenTheUsageChartAndThePostingsTileUpdateWithoutAReload()
    {
        var sync = new CardexSyncDriver(browser.Portal);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        var category = (await browser.Portal.Services.GetRequiredService<InventoryService>()
            .GetProductAsync(CardexSyncDriver.Facility, CardexSyncDriver.Flour, CancellationToken.None)).ProductCategory;
        var page = await browser.NewPageAsync();

        await SignInAsync(page, "/");
        await WaitForInteractiveAsync(page, "#home-ready");
        await Expect(page.Locator("#tile-usage")).Not.ToHaveAttributeAsync("data-state", "loading");
        await Expect(page.Locator("#tile-dispatch")).ToHaveAttributeAsync("data-state", "empty");
        await Expect(page.Locator("#dispatch-waiting")).ToHaveAttributeAsync("data-count", "0");
        await page.EvaluateAsync("() => window.stillTheSamePage = true");
        // The sample bakery's history may reach into today: the posted usage adds to what the chart shows first.
        var usage = page.Locator($".usage-row[data-category='{category}'] .usage-usage");
        var before = await usage.CountAsync() == 0 ? 0m : decimal.Parse((await usage.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

        using var api = browser.Portal.CreateClient();
        api.WithBearer(await api.GetTokenAsync("admin", PortalFactory.AdminPassword));
        using var recorded = await api.PostAsJsonAsync($"bakeryops/facilities/{CardexSyncDriver.Facility}/inventory-adjustments",
            new { productId = CardexSyncDriver.Flour, quantity = 2.5m, unit = "KG", adjustmentType = "USAGE", reason = "Morning bake" });
        recorded.EnsureSuccessStatusCode();

        await Expect(page.Locator("#dispatch-waiting")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.Locator("#tile-dispatch")).ToHaveAttributeAsync("data-state", "healthy");
        await Expect(usage).ToHaveAttributeAsync("data-value", (before + 2.5m).ToString("0.############", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#tile-usage")).ToHaveAttributeAsync("data-state", "healthy");
        await Expect(page.Locator("#usage-chart svg")).ToBeVisibleAsync();
        (await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true")).Should().BeTrue("the movement arrives over the circuit, not by a reload");
        await ScreenshotAsync(page, "home-dashboard.png");
    }
}
