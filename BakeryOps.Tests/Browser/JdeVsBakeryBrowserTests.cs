using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using MiniExcelLibs;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class JdeVsBakeryBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task JdeVsBakery_WhenReconciledAndAMovementIsRecordedThroughTheApi_ThenThePageUpdatesFiltersDrillsDownAndExports()
    {
        var sync = new CardexSyncDriver(browser.Portal);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        var page = await browser.NewPageAsync();

        await SignInAsync(page, "/jde-vs-bakery");
        await WaitForInteractiveAsync(page, "#comparison-ready");
        await Expect(page.Locator("#comparison-counting")).ToHaveCountAsync(0);
        await Expect(page.Locator(".comparison-total[data-status='Match']")).ToBeVisibleAsync();

        // The prerendered page (what the browser shows before the circuit is up) holds the first lines only, and says
        // the totals are being counted: it does not wait for the whole report.
        var prerendered = await (await page.Context.APIRequest.GetAsync("/jde-vs-bakery")).TextAsync();
        Regex.Count(prerendered, "<tr[^>]*class=\"[^\"]*comparison-row").Should().BeInRange(1, 20);
        prerendered.Should().Contain("id=\"comparison-counting\"").And.NotContain("comparison-total").And.NotContain("id=\"comparison-ready\"");
        await page.Locator("#reconcile-now").ClickAsync();
        await Expect(page.Locator("#reconcile-run")).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(page.Locator("#comparison-source")).ToContainTextAsync("balance of record (F41021)");
        await Expect(page.Locator(".comparison-total[data-status='Variance']")).ToContainTextAsync("Variance: 0");
        await Expect(page.Locator(".comparison-row.status-match").First).ToBeVisibleAsync();
        var refreshes = await page.Locator("#comparison-refreshed").GetAttributeAsync("data-refreshes");

        // A transfer out recorded by another caller reaches the open page over its circuit: no reload, no polling. (It is
        // not posted to JD Edwards, so it is a variance; a usage would be in flight to JD Edwards and still match.)
        using var api = browser.Portal.CreateClient();
        api.WithBearer(await api.GetTokenAsync("admin", PortalFactory.AdminPassword));
        using var recorded = await api.PostAsJsonAsync($"bakeryops/facilities/{CardexSyncDriver.Facility}/inventory-adjustments",
            new { productId = CardexSyncDriver.Flour, quantity = -2.5m, unit = "KG", adjustmentType = "TRANSFER", reason = "Sent to the other site" });
        recorded.EnsureSuccessStatusCode();
        await Expect(page.Locator(".comparison-total[data-status='Variance']")).ToContainTextAsync("Variance: 1");
        await Expect(page.Locator("#comparison-refreshed")).Not.ToHaveAttributeAsync("data-refreshes", refreshes!);

        await SelectAsync(page, "#filter-status", "Variance");
        await Expect(page.Locator("tr.comparison-row")).ToHaveCountAsync(1);
        var row = page.Locator("tr.comparison-row").First;
        await Expect(row.Locator(".row-variance")).ToHaveTextAsync("-2.5");
        await ScreenshotAsync(page, "jde-vs-bakery.png");

        await row.ClickAsync();
        await Expect(page.Locator("#drilldown-title")).ToContainTextAsync(await row.Locator(".row-product").InnerTextAsync());
        await Expect(page.Locator("#drilldown-movements .drilldown-movement").First).ToContainTextAsync("TRANSFER");
        await Expect(page.Locator("#drilldown-ledger .drilldown-ledger-row").First).ToBeVisibleAsync();

        // The Excel export holds exactly what the filter shows, read back as a workbook.
        var href = await page.Locator("#export-xlsx").GetAttributeAsync("href");
        href.Should().Contain("status=Variance").And.Contain("format=xlsx");
        var download = await page.Context.APIRequest.GetAsync(href!);
        download.Status.Should().Be(200);
        using var workbook = new MemoryStream(await download.BodyAsync());
        var rows = (await workbook.QueryAsync(useHeaderRow: true)).Cast<IDictionary<string, object?>>().ToList();
        var line = rows.Should().ContainSingle().Subject;
        line["LITM"].Should().Be("B_FLOUR_T55");
        line["status"].Should().Be("Variance");
        Convert.ToDecimal(line["variance"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(-2.5m);
    }
}
