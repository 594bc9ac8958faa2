using System.Text.RegularExpressions;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Tests.Portal.Lake;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalBrowser;
using static Microsoft.Playwright.Assertions;

namespace BakeryOps.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class DataLakeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task LakeAndSchemas_WhenBrowsedPreviewedAndDiffed_ThenRowsAndTheAddedColumnAreShown()
    {
        var dataset = $"t_{Guid.NewGuid():N}"[..20];
        var file = await LakeTestData.AddFileAsync(browser.Portal.Services, dataset, new DateOnly(2025, 3, 2), 3);
        await RegisterTwoVersionsAsync(dataset);
        var page = await browser.NewPageAsync();

        // Browse: the dataset, its partition, its file.
        await SignInAsync(page, "/s3-data-lake");
        await WaitForInteractiveAsync(page, "#lake-ready");
        await page.Locator($".lake-dataset[data-dataset='{dataset}']").ClickAsync();
        await Expect(page.Locator(".lake-partition[data-date='2025-03-02']")).ToBeVisibleAsync();
        await Expect(page.Locator("#lake-files-grid .lake-file-key")).ToHaveCountAsync(1);
        await Expect(page.Locator($".lake-file-key[data-key='{file.ObjectKey}']")).ToBeVisibleAsync();

        // Preview: the rows in a grid, decimals with their scale.
        await page.Locator($".lake-file-preview[data-key='{file.ObjectKey}']").ClickAsync();
        await Expect(page.Locator("#lake-preview-table tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator(".lake-preview-cell[data-column='qty']")).ToHaveTextAsync(["13.5000", "14.5000", "15.5000"]);
        await Expect(page.Locator("#lake-preview-summary")).ToContainTextAsync("first 3 of 3 rows");

        // Download: the link works with the page's own sign-in cookie.
        var href = await page.Locator($".lake-file-download[data-key='{file.ObjectKey}']").GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync(href!);
        download.Status.Should().Be(200);
        download.Headers["content-type"].Should().Be("application/vnd.apache.parquet");
        (await download.BodyAsync()).Length.Should().Be((int)file.SizeBytes);
        // Clicking scrolled the grid to its action buttons; show it from its first column.
        await page.Locator("#lake-files-grid .mud-table-container").EvaluateAsync("e => e.scrollLeft = 0");
        await ScreenshotAsync(page, "s3-data-lake.png");

        // Schemas: the dataset's two versions and the added column highlighted in the diff.
        await page.GotoAsync($"/schemas?dataset={dataset}");
        await WaitForInteractiveAsync(page, "#schemas-ready");
        await Expect(page.Locator(".schema-version")).ToHaveCountAsync(2);
        await Expect(page.Locator("#schema-diff-summary")).ToHaveTextAsync("1 added, 0 removed, 0 changed.");
        await Expect(page.Locator(".diff-row.diff-added[data-column='lot'] td").Nth(1)).ToHaveTextAsync(new Regex("^lot string\\(10\\)$"));
        await Expect(page.Locator("#schema-ddl")).ToContainTextAsync("CREATE TABLE");
        await Expect(page.Locator("#schema-compatibility")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "schemas.png");
    }

    private async Task RegisterTwoVersionsAsync(string dataset)
    {
        var registry = browser.Portal.Services.GetRequiredService<ISchemaRegistry>();
        SchemaField[] first =
        [
            new("item", SchemaFieldType.String, false, MaxLength: 20),
            new("qty", SchemaFieldType.Decimal, false, Precision: 18, Scale: 4),
        ];
        await registry.RegisterAsync(new DatasetSchema(dataset, first), "test", CancellationToken.None);
        await registry.RegisterAsync(
            new DatasetSchema(dataset, [.. first, new SchemaField("lot", SchemaFieldType.String, true, MaxLength: 10)]), "test", CancellationToken.None);
    }
}
