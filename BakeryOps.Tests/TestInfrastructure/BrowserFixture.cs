using Microsoft.Playwright;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>Headless Debian Chromium driven by Playwright, and a portal on SQLite for it to talk to.</summary>
public class BrowserFixture : IAsyncLifetime
{
    private readonly PortalFixture _portal;
    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new SqlitePortalFixture())
    {
    }

    /// <summary>For browser tests that need a differently set-up portal (a subclass passes its fixture).</summary>
    protected BrowserFixture(PortalFixture portal) => _portal = portal;

    public IBrowser Browser { get; private set; } = null!;
    public PortalFixture Portal => _portal;

    public async Task InitializeAsync()
    {
        await _portal.InitializeAsync();
        // Two cores run the whole suite in parallel: Blazor circuits answer in seconds, not milliseconds, under load.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            // The machine has no internet: background networking only produces refused connections.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.Factory.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _portal.DisposeAsync();
    }
}
