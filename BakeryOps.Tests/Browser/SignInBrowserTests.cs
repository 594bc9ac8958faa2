using System.Text.RegularExpressions;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Tests.Portal.Inventory;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class SignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_WhenTheBootstrapAdminSignsIn_ThenTheHomePageShowsTheDatabaseHealthy()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2F$"));
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", PortalFactory.AdminPassword);
        await page.ClickAsync("#login-submit");

        await Expect(page.Locator("#health-database")).ToHaveAttributeAsync("data-status", "healthy");
        await Expect(page.Locator("#health-database .health-description")).ToHaveTextAsync("Sqlite: connected, schema up to date");
        await Expect(page.Locator("#health-overall")).ToHaveAttributeAsync("data-status", "healthy");
        await Expect(page.Locator("#user-name")).ToContainTextAsync("admin");
        await ScreenshotAsync(page, "home-signed-in.png");

        var me = await page.APIRequest.GetAsync("me");
        me.Status.Should().Be(200);
    }

    [Fact]
    public async Task Home_WhenALakeBatchRunsWhileItIsOpen_ThenTheJobsTableShowsTheRunWithoutAReload()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "/");
        await WaitForInteractiveAsync(page, "#home-ready");
        await page.EvaluateAsync("() => window.stillTheSamePage = true");

        using var api = await BakeryOpsApiClient.SignInAsync(browser.Portal);
        await api.CreateProductAsync($"Browser rye {Guid.NewGuid():N}"[..24]);
        await browser.Portal.Services.GetRequiredService<LakeOutboxFlusher>().FlushAsync("test", CancellationToken.None);

        var row = page.Locator("#jobs tr", new() { HasText = LakeOutboxFlusher.Job });
        await Expect(row.Locator(".job-status")).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(row.Locator(".job-counts")).ToContainTextAsync("records");
        (await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true")).Should().BeTrue("the run arrives over the circuit, not by a reload");
        await Expect(page.Locator("#health-jobs")).ToHaveAttributeAsync("data-status", "healthy");
        await ScreenshotAsync(page, "home-background-jobs.png");
    }

    [Fact]
    public async Task SignIn_WhenThePasswordIsWrong_ThenTheLoginPageSaysSo()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#login-submit");

        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Invalid user name or password.");
    }

    [Fact]
    public async Task SignOut_WhenClicked_ThenReturnsToLoginAndTheApiRefusesTheBrowser()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", PortalFactory.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#health-database")).ToBeVisibleAsync();

        await page.ClickAsync("#logout");

        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        (await page.APIRequest.GetAsync("me")).Status.Should().Be(401);
    }
}
