using System.Text.RegularExpressions;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Tests.Portal.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

/// <summary>A portal that checks revocations every second (Jwt:RevocationCheckSeconds = 1), in Chromium.</summary>
public sealed class RevocationBrowserFixture() : BrowserFixture(new SqliteTokenPortalFixture());

[Trait("Category", "Browser")]
public sealed class RevocationBrowserTests(RevocationBrowserFixture browser) : IClassFixture<RevocationBrowserFixture>
{
    private const string Password = "Circuit-Passw0rd-42";

    [Fact]
    public async Task OpenPage_WhenAnAdminLocksTheSignedInUser_ThenTheCircuitEndsOnTheLoginPageAndTheCookieNoLongerWorks()
    {
        var user = $"circuit-{Guid.NewGuid():N}"[..20];
        await browser.Portal.CreateUserAsync(user, Password, Roles.Viewer);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#login-submit");
        await WaitForInteractiveAsync(page, "#home-ready");
        await Expect(page.Locator("#user-name")).ToContainTextAsync(user);

        await using (var scope = browser.Portal.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<UserAdministration>().LockAsync(user, "admin")).Succeeded.Should().BeTrue();
        }

        // Nobody touches the page: the circuit's own check (every second here) signs it out and RedirectToLogin follows.
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2F$"), new() { Timeout = 15_000 });
        await ScreenshotAsync(page, "revoked-circuit-login.png");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
        (await page.APIRequest.GetAsync("me")).Status.Should().Be(401);
    }

    [Fact]
    public async Task OpenPage_WhenNothingChanges_ThenTheCircuitStaysSignedInPastTheCheckInterval()
    {
        var user = $"circuit-{Guid.NewGuid():N}"[..20];
        await browser.Portal.CreateUserAsync(user, Password, Roles.Viewer);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#login-submit");
        await WaitForInteractiveAsync(page, "#home-ready");

        await page.WaitForTimeoutAsync(3_000);

        await Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
        await Expect(page.Locator("#user-name")).ToContainTextAsync(user);
    }
}
