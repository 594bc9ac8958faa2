using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class ItemMasterReviewBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ItemMasterReview_WhenJdeChangesAnItemAndThePullAndApplyAreDoneOnThePage_ThenTheDifferenceShowsAndIsGone()
    {
        var sync = new ItemMasterSyncDriver(browser.Portal);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        sync.ChangeItem(60003, r => r with { Dsc1 = "Wholemeal flour 20kg" });
        var page = await browser.NewPageAsync();

        await SignInAsync(page, "/item-master-review");
        await WaitForInteractiveAsync(page, "#item-master-ready");
        await Expect(page.Locator("#review-none")).ToBeVisibleAsync();
        await Expect(page.Locator("#auto-apply-state")).ToContainTextAsync("Auto-apply off");
        await page.Locator("#pull-now").ClickAsync();

        // The pull runs and ends on the page over its circuit; the review then shows JD Edwards' change beside the bakery's value.
        await Expect(page.Locator("#pull-run-status")).ToHaveTextAsync("succeeded");
        var row = page.Locator("#review-items tbody tr", new() { Has = page.Locator("td.review-item[data-item='B_FLOUR_WHOLEMEAL']") });
        var description = row.Locator("tr.review-attribute[data-attribute='description']");
        await Expect(description.Locator(".attribute-jde")).ToHaveTextAsync("Wholemeal flour 20kg");
        await Expect(description.Locator(".attribute-bakery")).ToHaveTextAsync("Wholemeal flour 25kg");
        await ScreenshotAsync(page, "item-master-review.png");

        await page.Locator("input[type=checkbox][data-item='B_FLOUR_WHOLEMEAL']").CheckAsync(new() { Force = true });
        await page.Locator("#apply-selected").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("update 1");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();

        await Expect(page.Locator("#review-none")).ToBeVisibleAsync();
        (await sync.ProductOfItemAsync("B_FLOUR_WHOLEMEAL"))!.ProductName.Should().Be("Wholemeal flour 20kg");
    }
}
