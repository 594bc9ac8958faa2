using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class BatchReviewBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task BatchReview_WhenTwoUsagesAreReviewedEditedApprovedAndDispatched_ThenBothShowTheirJdeDocumentNumbers()
    {
        // The first sync links the facility to JD Edwards: movements recorded after it become postings.
        var sync = new CardexSyncDriver(browser.Portal);
        await sync.LoadSampleDataAsync();
        await sync.RunAsync();
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/batch-review");

        // Two flours, neither lot controlled, counted in KG in JD Edwards as in the bakery.
        using var api = browser.Portal.CreateClient();
        api.WithBearer(await api.GetTokenAsync("admin", PortalFactory.AdminPassword));
        var flourT55 = await RecordUsageAsync(api, CardexSyncDriver.Flour, 3m);
        var flourT65 = await RecordUsageAsync(api, "prod_1110_60002", 1.25m);

        await page.ReloadAsync();
        await WaitForInteractiveAsync(page, "#batch-review-ready");
        await Expect(page.Locator($"tr.row-{flourT55}")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr.row-{flourT65} .row-state")).ToHaveTextAsync("pending");
        await page.Locator($"tr.row-{flourT55} input[type=checkbox]").CheckAsync(new LocatorCheckOptions { Force = true });
        await page.Locator($"tr.row-{flourT65} input[type=checkbox]").CheckAsync(new LocatorCheckOptions { Force = true });
        await Expect(page.Locator("#selection-count")).ToHaveAttributeAsync("data-count", "2");

        // The review steps through both; the first one's quantity is edited and saved, then each is approved.
        await page.Locator("#review-selected").ClickAsync();
        await Expect(page.Locator("#review-position")).ToHaveTextAsync("1 of 2");
        await Expect(page.Locator("#payload-document-type")).ToHaveValueAsync("II");
        await Expect(page.Locator("#payload-um")).ToHaveValueAsync("KG");
        var edited = await page.Locator("#review-action").GetAttributeAsync("data-key");
        await page.Locator("#payload-quantity").FillAsync("2");
        await Expect(page.Locator("#review-save")).ToBeEnabledAsync();
        await page.Locator("#review-save").ClickAsync();
        await Expect(page.Locator("#review-saved")).ToBeVisibleAsync();
        await Expect(page.Locator("#payload-quantity")).ToHaveValueAsync("2");
        await page.Locator("#review-approve").ClickAsync();
        await Expect(page.Locator("#review-position")).ToHaveTextAsync("2 of 2");
        await Expect(page.Locator("#review-action")).Not.ToHaveAttributeAsync("data-key", edited!);
        await page.Locator("#review-approve").ClickAsync();
        await Expect(page.Locator("#review-action")).ToHaveAttributeAsync("data-state", "approved");
        await ScreenshotAsync(page, "batch-review-panel.png");
        await page.Locator("#review-close").ClickAsync();

        await page.Locator("#dispatch-selected").ClickAsync();
        await Expect(page.Locator("#dispatch-progress")).ToHaveAttributeAsync("data-done", "2");
        var document = new Regex("^[0-9]+$");
        var recordedKilograms = new Dictionary<string, decimal> { [flourT55] = 3m, [flourT65] = 1.25m };
        foreach (var key in new[] { flourT55, flourT65 })
        {
            var result = page.Locator($"#dispatch-result-{key}");
            await Expect(result).ToHaveAttributeAsync("data-document", document);
            await Expect(result).ToHaveAttributeAsync("data-success", "true");
            var posting = await browser.Portal.Services.GetRequiredService<DispatchService>().GetAsync(key, CancellationToken.None);
            posting.State.Should().Be("posted");
            (await result.GetAttributeAsync("data-document")).Should().Be(posting.DocumentNumber.ToString());
            posting.Quantity.Should().Be(key == edited ? 2m : recordedKilograms[key], "a usage is issued as a positive quantity, as edited");
        }

        await ScreenshotAsync(page, "batch-review.png");
    }

    private static async Task<string> RecordUsageAsync(HttpClient api, string productId, decimal kilograms)
    {
        using var recorded = await api.PostAsJsonAsync($"bakeryops/facilities/{CardexSyncDriver.Facility}/inventory-adjustments",
            new { productId, quantity = kilograms, unit = "KG", adjustmentType = "USAGE", reason = "Batch review test" });
        recorded.EnsureSuccessStatusCode();
        var movement = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        return DispatchKeys.For(CardexSyncDriver.Facility, movement.GetProperty("_id").GetString()!);
    }
}
