using System.Text.RegularExpressions;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

/// <summary>Chromium, the portal and the test OpenID Connect provider on their own ports.</summary>
public sealed class EntraBrowserFixture() : BrowserFixture(new SqliteEntraPortalFixture()), IDisposable
{
    public EntraTestProvider Entra => ((EntraPortalFixture)Portal).Entra;

    public void Dispose() => ((EntraPortalFixture)Portal).Dispose();
}

[Trait("Category", "Browser")]
public sealed class EntraSignInBrowserTests(EntraBrowserFixture browser) : IClassFixture<EntraBrowserFixture>
{
    [Fact]
    public async Task SignInWithMicrosoft_WhenTheProviderApproves_ThenTheDashboardOpensWithTheMappedRolesAndTheNextSignInFollowsTheDirectory()
    {
        var id = Guid.NewGuid();
        var person = new EntraTestUser(id.ToString(), $"chromium-{id:N}"[..20] + "@contoso.test", "Chris Baker",
            [EntraTestProvider.PlannerAppRole], [EntraTestProvider.ViewersGroup]);
        browser.Entra.User = person;
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2F$"));
        await Expect(page.Locator("#login-submit")).ToBeVisibleAsync();
        await page.ClickAsync("#login-entra");

        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(browser.Portal.Factory.BaseAddress.ToString())}$"));
        await Expect(page.Locator("#health-overall")).ToBeVisibleAsync();
        await Expect(page.Locator("#user-name")).ToContainTextAsync(person.UserName);
        await WaitForInteractiveAsync(page, "#home-ready");
        (await RolesAsync(page)).Should().Equal("Planner", "Viewer");
        await ScreenshotAsync(page, "entra-signed-in.png");

        // The directory takes the app role away: the next sign-in leaves only the group's role.
        browser.Entra.User = person with { AppRoles = [] };
        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.ClickAsync("#login-entra");
        await Expect(page.Locator("#user-name")).ToContainTextAsync(person.UserName);
        await WaitForInteractiveAsync(page, "#home-ready");
        (await RolesAsync(page)).Should().Equal("Viewer");
    }

    // The browser's own cookie asks the API who it is.
    private static async Task<List<string?>> RolesAsync(IPage page)
    {
        var me = await page.APIRequest.GetAsync("me");
        me.Status.Should().Be(200);
        var body = await me.JsonAsync();
        return body!.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
    }

    [Fact]
    public async Task SignInWithMicrosoft_WhenNoRoleMaps_ThenTheLoginPageSaysSo()
    {
        browser.Entra.User = new EntraTestUser(Guid.NewGuid().ToString(), "norole@contoso.test", "No Role", ["Unmapped.Role"], []);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/login");
        await page.ClickAsync("#login-entra");

        await Expect(page).ToHaveURLAsync(new Regex("/login\\?external=no-role$"));
        await Expect(page.Locator("#login-error")).ToContainTextAsync("Your Microsoft account has no BakeryOps role");
    }
}
