using System.Text.RegularExpressions;
using BakeryOps.Tests.TestInfrastructure;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class BakeryOpsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task BakeryOpsData_WhenAProductIsCreatedAndAReceiptRecorded_ThenTheGridShowsTheNewOnHand()
    {
        var page = await browser.NewPageAsync();
        var name = $"Browser rye flour {Guid.NewGuid():N}"[..26];
        await SignInAsync(page, "/bakery-ops-data");
        await WaitForInteractiveAsync(page, "#bakery-ops-ready");

        await page.ClickAsync("#new-product");
        await WaitForInteractiveAsync(page, "#product-editor-ready");
        await page.FillAsync("#product-name", name);
        await page.FillAsync("#product-description", "Type 1150, 25 kg sacks");
        await SelectAsync(page, "#product-unit", "KG · kilogram");
        await page.ClickAsync("#product-save");

        await Expect(page).ToHaveURLAsync(new Regex("/bakery-ops-data\\?facility="));
        await WaitForInteractiveAsync(page, "#bakery-ops-ready");
        await page.FillAsync("#product-search", name);
        var row = page.Locator("#products-grid .product-name", new() { HasTextString = name });
        await Expect(row).ToHaveCountAsync(1);
        var productId = await row.GetAttributeAsync("data-product");
        var onHand = page.Locator($"#onhand-{productId}");
        await Expect(onHand).ToHaveTextAsync(new Regex("^\\s*0 KG\\s*$"));

        await page.ClickAsync("#record-adjustment");
        await page.FillAsync("#adjust-product", name[..12]);
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = name }).ClickAsync();
        await SelectAsync(page, "#adjust-type", "RECEIPT");
        await page.FillAsync("#adjust-quantity", "12.5");
        await page.FillAsync("#adjust-batch", "PW-0001");
        await page.FillAsync("#adjust-expiry", DateTime.Today.AddDays(5).ToString("yyyy-MM-dd"));
        await page.FillAsync("#adjust-reason", "Delivery from the mill");
        await page.ClickAsync("#adjust-save");

        await Expect(onHand).ToHaveTextAsync(new Regex("^\\s*12[.,]5 KG\\s*$"));
        await Expect(page.Locator(".mud-snackbar", new() { HasTextString = "RECEIPT of 12" })).ToBeVisibleAsync();
        await page.Locator($"#products-grid tr:has(.product-name[data-product='{productId}']) button").First.ClickAsync();
        await Expect(page.Locator(".batch-row[data-batch='PW-0001']")).ToHaveAttributeAsync("data-expiry", "soon");
        foreach (var close in await page.Locator(".mud-snackbar .mud-snackbar-close-button").AllAsync())
        {
            await close.ClickAsync();
        }

        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "bakery-ops-data.png");
    }
}
