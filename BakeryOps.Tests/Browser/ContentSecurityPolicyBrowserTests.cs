using System.Collections.Concurrent;
using BakeryOps.Tests.Portal.Components.Analytics;
using Microsoft.Playwright;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

/// <summary>
/// Every page of the navigation menu, the API documentation and the sign-in page, in Chromium under the portal's
/// Content-Security-Policy: no <c>securitypolicyviolation</c> event and no CSP message in the console, and each page
/// still answers a click through its circuit. The site is in Paris so the app bar's UTC switch (enabled only once the
/// circuit is up) is on every page.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ContentSecurityPolicyBrowserTests(ParisBrowserFixture browser) : IClassFixture<ParisBrowserFixture>
{
    // NavMenu.razor's links, in its order.
    private static readonly string[] MenuPages =
    [
        "/", "/bakery-ops-data", "/s3-data-lake", "/schemas", "/pivot", "/sync-jobs", "/jde-vs-bakery",
        "/item-master-review", "/batch-review", "/admin/users", "/admin/jde",
    ];

    private const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', e =>
          window.reportCspViolation(`${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber})`));
        """;

    [Fact]
    public async Task Pages_WhenVisitedUnderThePolicy_ThenNoViolationsAndTheirControlsStillWork()
    {
        await PivotSeed.SeedAsync(browser.Portal.Services);
        var (page, violations, console, _) = await WatchedPageAsync();

        await page.GotoAsync("/login");
        await Expect(page.Locator("#login-submit")).ToBeVisibleAsync();
        await SignInAsync(page, "/");
        foreach (var path in MenuPages)
        {
            await page.GotoAsync(path);
            await ToggleUtcAsync(page);
        }

        await page.GotoAsync("/admin/users");
        await ToggleUtcAsync(page);
        await page.ClickAsync("#new-user-open");
        await Expect(page.Locator("#new-user-panel")).ToBeVisibleAsync();

        // The chart's PNG export imports wwwroot/js/pivot-chart.js and draws the SVG through a blob: image.
        await page.GotoAsync("/pivot?dataset=movements&rows=category&measures=quantity:sum&view=chart");
        await ToggleUtcAsync(page);
        await Expect(page.Locator("#pivot-chart svg").First).ToBeVisibleAsync();
        var png = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pivot-download-png"));
        (await File.ReadAllBytesAsync((await png.PathAsync())!)).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');

        // Swagger UI: its scripts run, fetch the OpenAPI document and expand an operation.
        await page.GotoAsync("/docs");
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("BakeryOps API");
        await page.Locator(".opblock-summary").First.ClickAsync();
        await Expect(page.Locator(".opblock.is-open").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "csp-docs.png");

        violations.Should().BeEmpty();
        console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).Should().BeEmpty();
    }

    [Fact]
    public async Task Listener_WhenAnInlineScriptWithoutTheNonceIsAdded_ThenTheViolationIsReportedAndTheScriptDoesNotRun()
    {
        var (page, violations, console, firstViolation) = await WatchedPageAsync();
        await page.GotoAsync("/login");

        await page.EvaluateAsync("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.injected = true;';
              document.body.appendChild(script);
            }
            """);

        await Expect(page.Locator("#login-submit")).ToBeVisibleAsync();
        (await page.EvaluateAsync<bool>("() => window.injected === true")).Should().BeFalse();
        await firstViolation.WaitAsync(TimeSpan.FromSeconds(10));
        violations.Should().ContainSingle().Which.Should().Contain("/login: script-src-elem blocked inline");
        console.Should().Contain(m => m.Contains("Content Security Policy"));
    }

    private async Task<(IPage Page, ConcurrentQueue<string> Violations, ConcurrentQueue<string> Console, Task FirstViolation)> WatchedPageAsync()
    {
        var page = await browser.NewPageAsync();
        var violations = new ConcurrentQueue<string>();
        var firstViolation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Enqueue($"page error: {error}");
        // Playwright injects both outside the page's policy, so the listener itself needs no exception in it.
        await page.ExposeFunctionAsync("reportCspViolation", (string violation) =>
        {
            violations.Enqueue(violation);
            firstViolation.TrySetResult();
        });
        await page.AddInitScriptAsync(ViolationListener);
        return (page, violations, console, firstViolation.Task);
    }

    // A round trip through the circuit: the switch is enabled once the page is interactive, and the zone follows it.
    private static async Task ToggleUtcAsync(IPage page)
    {
        var utc = page.Locator("#time-zone-utc");
        await Expect(utc).ToBeEnabledAsync();
        await utc.CheckAsync(new LocatorCheckOptions { Force = true });
        await Expect(page.Locator("#time-zone")).ToHaveTextAsync("UTC");
        await utc.UncheckAsync(new LocatorUncheckOptions { Force = true });
        await Expect(page.Locator("#time-zone")).ToHaveTextAsync("Europe/Paris");
    }
}
