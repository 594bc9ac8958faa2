using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

/// <summary>
/// In Chromium over a real circuit: a setting an administrator changes on a page is recorded with the address the
/// circuit's connection came from, and the Audit log page shows it.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AuditBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string InteractiveMarker = "#jde-test:not([__internal_stoppropagation_onclick])";

    [Fact]
    public async Task SimulatorFaults_WhenClearedOnThePage_ThenOneRowWithTheCircuitAddressShownOnTheAuditPage()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/admin/jde");
        await WaitForInteractiveAsync(page, InteractiveMarker);

        await page.ClickAsync("#jde-faults-clear");

        var row = await WaitForRowAsync();
        row.Should().BeEquivalentTo(new { Category = AuditCategories.Settings, Outcome = AuditOutcomes.Success, Actor = "admin", Address = "127.0.0.1", Method = "page" });

        await page.GotoAsync("/admin/audit");
        await WaitForInteractiveAsync(page, "#audit-ready");
        await Expect(page.Locator(".audit-target", new() { HasTextString = "jde-simulator" }).First).ToBeVisibleAsync();
        await Expect(page.Locator(".audit-target", new() { HasTextString = "admin" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SyncJobsPage_WhenAPersonStartsARun_ThenOneRowNamingTheJobWithTheCircuitAddress()
    {
        await new CardexSyncDriver(browser.Portal).LoadSampleDataAsync();
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/sync-jobs");
        await WaitForInteractiveAsync(page, "#sync-jobs-ready");

        await page.Locator("#run-now").ClickAsync();

        var row = await WaitForRowAsync("run");
        row.Should().BeEquivalentTo(new { Category = AuditCategories.Job, Target = "cardex-sync", Actor = "admin", Address = "127.0.0.1", Method = "page" });
        row.Detail.Should().StartWith("Facility default_facility, run ");
    }

    private Task<AuditEvent> WaitForRowAsync() => WaitForRowAsync("jde-simulator-clear");

    private async Task<AuditEvent> WaitForRowAsync(string action)
    {
        var contexts = browser.Portal.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();
        for (var i = 0; i < 100; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var rows = await db.AuditEvents.AsNoTracking().Where(e => e.Action == action).ToListAsync();
            if (rows.Count > 0)
            {
                rows.Should().ContainSingle();
                return rows[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No audit row {action} within 10 s.");
    }
}
