using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class SyncJobsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SyncJobs_WhenARunIsStartedAndAQuarantinedRowIsRetriedAfterItsFix_ThenTheRunAndTheEmptyQuarantineShow()
    {
        var sync = new CardexSyncDriver(browser.Portal);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        await sync.RecordInJdeAsync("B_FLOUR_T55", 25m, "KG", "OV", explanation: "PO 5001 received");
        await sync.RecordInJdeAsync("B_FLOUR_T55", 1m, "KG", "IZ");
        var page = await browser.NewPageAsync();

        await SignInAsync(page, "/sync-jobs");
        await WaitForInteractiveAsync(page, "#sync-jobs-ready");
        await Expect(page.Locator("#scheduled-jobs")).ToContainTextAsync("cardex-sync");
        await page.Locator("#run-now").ClickAsync();

        // The run appears and finishes on the page over its circuit, with its counts.
        var latest = page.Locator("#sync-runs tbody tr").First;
        await Expect(latest.Locator(".run-status")).ToHaveTextAsync("succeeded");
        await Expect(latest.Locator(".run-counts")).ToContainTextAsync("applied 1");
        await Expect(latest.Locator(".run-counts")).ToContainTextAsync("quarantined 1");
        await Expect(latest).ToContainTextAsync("admin");
        var group = page.Locator("#quarantine-default_facility-unknown_document_type");
        await Expect(group).ToContainTextAsync("document type not mapped (1)");
        await ScreenshotAsync(page, "sync-jobs.png");

        // The fix (IZ mapped), then the retry from the page: the row is applied and the quarantine is empty.
        var documentTypes = browser.Portal.Services.GetRequiredService<IOptions<SyncOptions>>().Value.DocumentTypes;
        documentTypes["IZ"] = "ADJUSTMENT";
        try
        {
            await group.Locator(".quarantine-retry").ClickAsync();
            await Expect(page.Locator("#quarantine-none")).ToBeVisibleAsync();
        }
        finally
        {
            documentTypes.Remove("IZ");
        }

        (await sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(2526m);

        // An item without a product: its row waits until the product is linked in the product editor, then a retry applies it.
        const string spelt = "prod_1110_60005";
        var before = await sync.OnHandAsync(spelt);
        await sync.UpdateProductAsync(spelt, input => input with { Jde = null });
        await sync.RecordInJdeAsync("B_FLOUR_SPELT", 6m, "KG", "OV", explanation: "PO 5002 received");
        await page.Locator("#run-now").ClickAsync();
        var unlinked = page.Locator("#quarantine-default_facility-unknown_item");
        await Expect(unlinked).ToContainTextAsync("no product for the JD Edwards item (1)");

        await page.GotoAsync($"/bakery-ops-data/products/{spelt}?facility=default_facility");
        await WaitForInteractiveAsync(page, "#product-editor-ready");
        await page.FillAsync("#jde-short-item", "60005");
        await page.FillAsync("#jde-second-item", "B_FLOUR_SPELT");
        await page.FillAsync("#jde-branch", "1110");
        await page.ClickAsync("#product-save");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/bakery-ops-data\\?facility="));

        await page.GotoAsync("/sync-jobs");
        await WaitForInteractiveAsync(page, "#sync-jobs-ready");
        await page.Locator("#quarantine-default_facility-unknown_item .quarantine-retry").ClickAsync();
        await Expect(page.Locator("#quarantine-none")).ToBeVisibleAsync();
        (await sync.OnHandAsync(spelt)).Should().Be(before + 6m);

        // A relay pass started through the jobs API shows among the runs, live.
        using var api = browser.Portal.CreateClient();
        api.WithBearer(await api.GetTokenAsync("admin", PortalFactory.AdminPassword));
        (await api.PostAsync("jobs/dispatch-relay/run", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        await Expect(page.Locator("#sync-runs .run-job", new() { HasText = "dispatch-relay" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("#scheduled-jobs")).ToContainTextAsync("dispatch-relay");
    }
}
