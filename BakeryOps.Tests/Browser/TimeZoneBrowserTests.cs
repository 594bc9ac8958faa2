using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

/// <summary>
/// A site in Paris: the movements grid shows a movement of 23:30 UTC as 00:30 the next day, the app bar's switch turns
/// it to UTC, and the browser keeps that choice across a reload (and the way back).
/// </summary>
[Trait("Category", "Browser")]
public sealed class TimeZoneBrowserTests(ParisBrowserFixture browser) : IClassFixture<ParisBrowserFixture>
{
    [Fact]
    public async Task MovementsGrid_WhenSwitchedToUtcAndReloaded_ThenItsDatesStayInUtc()
    {
        var inventory = browser.Portal.Services.GetRequiredService<InventoryService>();
        var product = await inventory.CreateProductAsync("default_facility", new ProductInput("Zone test flour", "", "Ingredient", "KG"), CancellationToken.None);
        await inventory.RecordAdjustmentsAsync("default_facility",
            [new AdjustmentInput(product.Id, 5m, "KG", "RECEIPT", AdjustmentDate: new DateTimeOffset(2026, 1, 15, 23, 30, 0, TimeSpan.Zero))],
            isArray: false, "browser-test", CancellationToken.None);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/bakery-ops-data");
        await WaitForInteractiveAsync(page, "#bakery-ops-ready");
        await Expect(page.Locator("#time-zone")).ToHaveTextAsync("Europe/Paris");
        var date = await OpenMovementsAsync(page);
        await Expect(date).ToHaveTextAsync("2026-01-16 00:30");

        await page.Locator("#time-zone-utc").CheckAsync(new LocatorCheckOptions { Force = true });

        await Expect(page.Locator("#time-zone")).ToHaveTextAsync("UTC");
        await Expect(date).ToHaveTextAsync("2026-01-15 23:30");
        await ScreenshotAsync(page, "time-zone-utc.png");

        await page.ReloadAsync();
        await WaitForInteractiveAsync(page, "#bakery-ops-ready");
        date = await OpenMovementsAsync(page);
        await Expect(page.Locator("#time-zone")).ToHaveTextAsync("UTC");
        await Expect(page.Locator("#time-zone-utc")).ToBeCheckedAsync();
        await Expect(date).ToHaveTextAsync("2026-01-15 23:30");

        await page.Locator("#time-zone-utc").UncheckAsync(new LocatorUncheckOptions { Force = true });
        await Expect(date).ToHaveTextAsync("2026-01-16 00:30");
        await page.ReloadAsync();
        await WaitForInteractiveAsync(page, "#bakery-ops-ready");
        date = await OpenMovementsAsync(page);
        await Expect(page.Locator("#time-zone-utc")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#time-zone")).ToHaveTextAsync("Europe/Paris");
        await Expect(date).ToHaveTextAsync("2026-01-16 00:30");
    }

    private static async Task<ILocator> OpenMovementsAsync(IPage page)
    {
        await page.Locator(".mud-tab", new() { HasTextString = "Movements" }).ClickAsync();
        var date = page.Locator("#movements-grid .movement-date");
        await Expect(date).ToHaveCountAsync(1);
        return date;
    }
}

/// <summary>The browser and a portal whose site is in Europe/Paris.</summary>
public sealed class ParisBrowserFixture() : BrowserFixture(new ParisPortalFixture());

/// <summary>A portal on SQLite whose site is in Europe/Paris.</summary>
public sealed class ParisPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Site:TimeZone"] = "Europe/Paris" };
}
