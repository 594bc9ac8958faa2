using BakeryOps.Domain.Schemas;
using BakeryOps.Portal.Components.Pages.Schemas;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>The "Schemas" page over the real schema registry (SQLite and a folder store).</summary>
public sealed class SchemasPageTests
{
    [Fact]
    public async Task Dataset_WhenChosen_ThenVersionsSideBySideDiffAndCreateTableAreShown()
    {
        await using var page = await LakePageContext.CreateAsync();
        await RegisterAsync(page);
        var cut = page.Render<DatasetSchemas>();
        cut.WaitForAssertion(() => cut.FindAll(".schema-dataset").Should().HaveCount(1), Wait);
        cut.Find(".schema-dataset-compatibility").TextContent.Should().Be("BACKWARD");

        await cut.Find(".schema-dataset[data-dataset='item_master']").Closest("tr")!.ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.FindAll(".schema-version").Select(v => v.GetAttribute("data-version")).Should().Equal("1", "2"), Wait);
        cut.Find("#schema-diff-summary").TextContent.Should().Be("1 added, 0 removed, 0 changed.");
        cut.Find(".diff-row[data-column='lot']").ClassList.Should().Contain("diff-added");
        cut.Find(".diff-row[data-column='lot'] td").TextContent.Should().BeEmpty();
        cut.Find(".diff-row[data-column='qty']").ClassList.Should().Contain("diff-same");
        cut.Find("#schema-ddl").TextContent.Should().Contain("CREATE TABLE").And.Contain("\"lot\"");
        cut.FindAll("#schema-compatibility").Should().BeEmpty();
        cut.Find("#schema-compatibility-readonly").TextContent.Should().Be("BACKWARD");
    }

    [Fact]
    public async Task Ddl_WhenAlterFromAnEarlierVersionIsChosen_ThenOnlyTheNewColumnIsAdded()
    {
        await using var page = await LakePageContext.CreateAsync();
        await RegisterAsync(page);
        var cut = RenderOpen(page);

        await page.SelectAsync(cut, "#schema-ddl-from", "ALTER TABLE from v1");

        cut.WaitForAssertion(() => cut.Find("#schema-ddl").TextContent.Should().Contain("ALTER TABLE").And.Contain("\"lot\"").And.NotContain("\"qty\""), Wait);
    }

    [Fact]
    public async Task Copy_WhenTheClipboardAcceptsOrRefuses_ThenTheResultIsSaid()
    {
        await using var page = await LakePageContext.CreateAsync();
        await RegisterAsync(page);
        var clipboard = page.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        var cut = RenderOpen(page);

        clipboard.SetVoidResult();
        await cut.Find("#schema-ddl-copy").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#schema-ddl-copy-result").TextContent.Should().Be("Copied to the clipboard."), Wait);
        clipboard.Invocations.Single().Arguments.Single().Should().Be(cut.Find("#schema-ddl").TextContent);

        var refused = page.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        refused.SetException(new JSException("NotAllowedError"));
        await cut.Find("#schema-ddl-copy").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#schema-ddl-copy-result").TextContent.Should().Contain("copy it by hand"), Wait);
    }

    [Fact]
    public async Task Compatibility_WhenAnAdminChangesIt_ThenTheRegistryAndTheListFollow()
    {
        await using var page = await LakePageContext.CreateAsync(admin: true);
        await RegisterAsync(page);
        var cut = RenderOpen(page);
        cut.FindAll("#schema-compatibility-readonly").Should().BeEmpty();

        await page.SelectAsync(cut, "#schema-compatibility", "FULL_TRANSITIVE");
        await cut.Find("#schema-compatibility-save").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find(".schema-dataset-compatibility").TextContent.Should().Be("FULL_TRANSITIVE"), Wait);
        (await page.Registry.ListDatasetsAsync(CancellationToken.None)).Single().Compatibility.Should().Be(CompatibilityMode.FullTransitive);
    }

    [Fact]
    public async Task Dataset_WhenAWriteWasRefused_ThenTheActionRequiredReasonIsShown()
    {
        await using var page = await LakePageContext.CreateAsync();
        await RegisterAsync(page);
        var narrowed = await page.Registry.RegisterAsync(
            new DatasetSchema("item_master", [new SchemaField("item", SchemaFieldType.Int64, false)]), "test", CancellationToken.None);
        narrowed.Accepted.Should().BeFalse();
        var cut = RenderOpen(page);

        cut.Find(".schema-action-required").Should().NotBeNull();
        cut.Find("#schema-action-required").TextContent.Should().Contain("Writes are stopped");
    }

    private static IRenderedComponent<DatasetSchemas> RenderOpen(LakePageContext page)
    {
        page.Services.GetRequiredService<NavigationManager>().NavigateTo("schemas?dataset=item_master");
        var cut = page.Render<DatasetSchemas>();
        cut.WaitForAssertion(() => cut.Find("#schema-ddl").TextContent.Should().Contain("CREATE TABLE"), Wait);
        return cut;
    }

    private static async Task RegisterAsync(LakePageContext page)
    {
        SchemaField[] first =
        [
            new("item", SchemaFieldType.String, false, MaxLength: 20),
            new("qty", SchemaFieldType.Decimal, false, Precision: 18, Scale: 4),
        ];
        (await page.Registry.RegisterAsync(new DatasetSchema("item_master", first), "test", CancellationToken.None)).Accepted.Should().BeTrue();
        (await page.Registry.RegisterAsync(
            new DatasetSchema("item_master", [.. first, new SchemaField("lot", SchemaFieldType.String, true, MaxLength: 10)]), "test",
            CancellationToken.None)).Version.Should().Be(2);
    }
}
