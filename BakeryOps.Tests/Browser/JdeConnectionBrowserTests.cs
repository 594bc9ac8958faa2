using System.Globalization;
using System.Text.RegularExpressions;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class JdeConnectionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string CardexCall = "POST /jde-sim/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY";

    // The page is prerendered and has no ready marker. Static rendering writes a button's @onclick:stopPropagation as an
    // attribute; the interactive render attaches it instead.
    private const string InteractiveMarker = "#jde-test:not([__internal_stoppropagation_onclick])";

    private static readonly Regex Connected = new("^Connected: \\d+ ledger rows for 1110 today\\.$");

    [Fact]
    public async Task TestConnection_WhenSimulatorFaultsAreArmedThroughThePage_ThenTheRetryTheFailureAndTheRecoveryAreShown()
    {
        var faults = browser.Portal.Services.GetRequiredService<JdeSimulatorFaults>();
        faults.Clear();
        try
        {
            var page = await browser.NewPageAsync();
            await SignInAsync(page, "/admin/jde");
            await WaitForInteractiveAsync(page, InteractiveMarker);
            var rows = page.Locator("#jde-calls tbody tr:has(td.jde-call-outcome)");
            var result = page.Locator("#jde-test-result");

            // The endpoint: the portal's own simulator, over HTTP.
            await Expect(page.Locator("#jde-mode")).ToHaveTextAsync("Simulator");
            await Expect(page.Locator("#jde-base")).ToHaveTextAsync(new Uri(browser.Portal.Factory.BaseAddress, "jde-sim/jderest/").ToString());
            await Expect(page.Locator("#jde-armed-none")).ToBeVisibleAsync();
            await Expect(rows).ToHaveCountAsync(0);

            // A healthy call: a success and one row.
            await page.ClickAsync("#jde-test");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(result).ToHaveTextAsync(Connected);
            await Expect(result).ToHaveClassAsync(new Regex("mud-alert-text-success"));
            await ExpectCallAsync(rows.Nth(0), "200", "ok");

            // A 503 from the load balancer on the cardex is retried: two rows, and the test still connects.
            await SelectAsync(page, "#jde-fault-kind", "Unavailable503");
            await SelectAsync(page, "#jde-fault-orchestration", "JDE_CARDEX_SUMMARY");
            await page.ClickAsync("#jde-fault-arm");
            await Expect(page.Locator("#jde-armed li")).ToHaveTextAsync(["Unavailable503 × 1 (JDE_CARDEX_SUMMARY)"]);
            faults.Armed.Should().Equal(new JdeFault(JdeFaultKind.Unavailable503, 1, "JDE_CARDEX_SUMMARY"));

            await page.ClickAsync("#jde-test");
            await Expect(rows).ToHaveCountAsync(3);
            await Expect(page.Locator("#jde-test")).ToBeEnabledAsync();
            await Expect(result).ToHaveTextAsync(Connected);
            await Expect(result).ToHaveClassAsync(new Regex("mud-alert-text-success"));
            await ExpectCallAsync(rows.Nth(0), "200", "ok");
            await ExpectCallAsync(rows.Nth(1), "503", "HTTP 503");
            await Expect(page.Locator("#jde-armed-none")).ToBeVisibleAsync();

            // An AIS error (500 with a JSON body) is not retried: one row, the failure, and one of two faults left.
            // With 400 ms of latency that row takes at least that long.
            await page.FillAsync("#jde-latency", "400");
            await page.PressAsync("#jde-latency", "Tab");
            await Expect(page.Locator("#jde-latency")).ToHaveAttributeAsync("aria-valuenow", "400");
            await page.ClickAsync("#jde-latency-apply");
            await SelectAsync(page, "#jde-fault-kind", "Error500Json");
            await SelectAsync(page, "#jde-fault-orchestration", "any");
            await page.FillAsync("#jde-fault-count", "2");
            await page.PressAsync("#jde-fault-count", "Tab");
            await Expect(page.Locator("#jde-fault-count")).ToHaveAttributeAsync("aria-valuenow", "2");
            await page.ClickAsync("#jde-fault-arm");
            await Expect(page.Locator("#jde-armed li")).ToHaveTextAsync(["Error500Json × 2 (any orchestration)"]);
            faults.Armed.Should().Equal(new JdeFault(JdeFaultKind.Error500Json, 2));
            faults.Latency.Should().Be(TimeSpan.FromMilliseconds(400));

            await page.ClickAsync("#jde-test");
            await Expect(rows).ToHaveCountAsync(4);
            await Expect(result).ToHaveTextAsync("Failed: Simulated AIS failure");
            await Expect(result).ToHaveClassAsync(new Regex("mud-alert-text-error"));
            await ExpectCallAsync(rows.Nth(0), "500", "HTTP 500");
            DurationMs(await rows.Nth(0).Locator("td").Nth(3).TextContentAsync()).Should().BeGreaterThanOrEqualTo(395, "the 400 ms latency applies (a timer may fire a millisecond early, and the page rounds)");
            await Expect(page.Locator("#jde-armed li")).ToHaveTextAsync(["Error500Json × 1 (any orchestration)"]);
            await ScreenshotAsync(page, "jde-connection.png");

            // Clearing drops the remaining fault and the latency: the next test connects at once.
            await page.ClickAsync("#jde-faults-clear");
            await Expect(page.Locator("#jde-armed-none")).ToBeVisibleAsync();
            await Expect(page.Locator("#jde-latency")).ToHaveAttributeAsync("aria-valuenow", "0");
            faults.Armed.Should().BeEmpty();
            faults.Latency.Should().Be(TimeSpan.Zero);

            await page.ClickAsync("#jde-test");
            await Expect(rows).ToHaveCountAsync(5);
            await Expect(result).ToHaveTextAsync(Connected);
            await ExpectCallAsync(rows.Nth(0), "200", "ok");
        }
        finally
        {
            faults.Clear();
        }
    }

    private static async Task ExpectCallAsync(ILocator row, string status, string outcome)
    {
        var cells = row.Locator("td");
        await Expect(cells).ToHaveCountAsync(5);
        await Expect(cells.Nth(0)).ToHaveTextAsync(new Regex("^\\d{2}:\\d{2}:\\d{2}$"));
        await Expect(cells.Nth(1)).ToHaveTextAsync(CardexCall);
        await Expect(cells.Nth(2)).ToHaveTextAsync(status);
        await Expect(cells.Nth(3)).ToHaveTextAsync(new Regex("^\\d+ ms$"));
        await Expect(cells.Nth(4)).ToHaveTextAsync(outcome);
    }

    private static int DurationMs(string? cell) => int.Parse(cell!.Replace(" ms", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
