using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>What the browser tests do on every portal page: sign in, wait for the circuit, pick from a MudSelect, keep a screenshot.</summary>
public static class PortalBrowser
{
    /// <summary>Opens <paramref name="path"/>, signs in as the bootstrap admin on the login page it redirects to, and waits to be back.</summary>
    public static async Task SignInAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", PortalFactory.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
    }

    // The page is prerendered: clicks before the circuit is up are lost, so wait for a marker only the circuit renders.
    public static Task WaitForInteractiveAsync(IPage page, string marker) =>
        page.Locator(marker).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    // A MudSelect's id is on a hidden input; its control opens the list on mouse down.
    public static async Task SelectAsync(IPage page, string inputSelector, string itemText)
    {
        await page.Locator($".mud-input-control:has({inputSelector})").Last.ClickAsync();
        var exact = new Regex($"^\\s*{Regex.Escape(itemText)}\\s*$");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = exact }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    /// <summary>A full-page screenshot under the test results, for the docs and for a look after a failure.</summary>
    public static Task ScreenshotAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions
    {
        Path = Path.Combine(TestEnvironment.ResultsDirectory, "screenshots", name),
        FullPage = true,
    });
}
