using BakeryOps.Domain.Lake;
using BakeryOps.Portal.Components.Pages.Lake;
using BakeryOps.Tests.Portal.Lake;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>The "S3 Data Lake" page over real dispatch_logs rows, a real folder store and the real manifest verifier.</summary>
public sealed class S3DataLakePageTests : IAsyncLifetime
{
    private static readonly Guid Run = Guid.NewGuid();

    private LakePageContext _page = default!;
    private DispatchLog _march1 = default!;
    private DispatchLog _march2 = default!;
    private DispatchLog _other = default!;

    public async Task InitializeAsync()
    {
        _page = await LakePageContext.CreateAsync();
        _march1 = await LakeTestData.AddFileAsync(_page.Services, "cardex_changes", new DateOnly(2025, 3, 1), 3, runId: Run);
        _march2 = await LakeTestData.AddFileAsync(_page.Services, "cardex_changes", new DateOnly(2025, 3, 2), 4, runId: Run);
        _other = await LakeTestData.AddFileAsync(_page.Services, "item_master", new DateOnly(2025, 3, 2), 2);
    }

    public async Task DisposeAsync() => await _page.DisposeAsync();

    [Fact]
    public async Task Datasets_WhenOneIsChosen_ThenItsPartitionsAndOnlyItsFilesAreListed()
    {
        var cut = RenderPage();
        cut.FindAll(".lake-dataset").Select(d => d.GetAttribute("data-dataset")).Should().Equal("cardex_changes", "item_master");

        await cut.Find(".lake-dataset[data-dataset='cardex_changes']").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => FileKeys(cut).Should().Equal(_march2.ObjectKey, _march1.ObjectKey), Wait);
        cut.FindAll(".lake-partition").Select(p => p.GetAttribute("data-date")).Should().Equal("2025-03-02", "2025-03-01");

        await cut.Find(".lake-partition[data-date='2025-03-01']").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => FileKeys(cut).Should().Equal(_march1.ObjectKey), Wait);
    }

    [Fact]
    public async Task Preview_WhenAFileIsPreviewed_ThenItsRowsAndTypedColumnsAreShown()
    {
        var cut = RenderPage();

        await cut.Find($".lake-file-preview[data-key='{_march2.ObjectKey}']").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.FindAll("#lake-preview-table tbody tr").Should().HaveCount(4), Wait);
        cut.Find("#lake-preview-summary").TextContent.Should().Contain("first 4 of 4 rows");
        cut.Find("#lake-preview-table thead").TextContent.Should().Contain("DECIMAL(18,4)").And.Contain("TIMESTAMP (UTC)");
        cut.FindAll(".lake-preview-cell[data-column='qty']").Select(c => c.TextContent).Should().Equal("13.5000", "14.5000", "15.5000", "16.5000");
        cut.Find($".lake-file-download[data-key='{_other.ObjectKey}']").GetAttribute("href").Should()
            .Be("s3/download/jde-ingestion/item_master/year%3D2025/month%3D03/day%3D02/" + _other.ObjectKey.Split('/')[^1]);
    }

    [Fact]
    public async Task Manifest_WhenOpenedFromAFileAndVerified_ThenEveryFileIsValidUntilOneIsTampered()
    {
        var manifestKey = await _page.AddManifestAsync("cardex_changes", Run, _march1, _march2);
        var cut = RenderPage();

        await cut.Find($".lake-file-manifest[data-key='{_march1.ObjectKey}']").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => cut.Find("#lake-manifest-json").TextContent.Should().Contain(Run.ToString()), Wait);
        cut.Find("#lake-manifest-key").TextContent.Should().Be(manifestKey.Split('/')[^1]);
        await cut.Find("#lake-manifest-verify").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#lake-verify-result").GetAttribute("data-valid").Should().Be("true"), Wait);
        cut.FindAll(".lake-verify-file").Select(f => f.GetAttribute("data-valid")).Should().Equal("true", "true");

        await LakeTestData.PutAsync(_page.Services, _march2.ObjectKey, await LakeTestData.ParquetAsync(LakeTestData.Ledger(1)));
        await cut.Find("#lake-manifest-verify").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#lake-verify-result").GetAttribute("data-valid").Should().Be("false"), Wait);
        cut.Find($".lake-verify-file[data-key='{_march2.ObjectKey}']").GetAttribute("data-valid").Should().Be("false");
        cut.Find("#lake-verify-result").TextContent.Should().Contain("Verification failed").And.Contain(_march2.ObjectKey);
    }

    [Fact]
    public async Task Preview_WhenTheFileWasRemoved_ThenAReadableMessage()
    {
        await _page.Store.DeleteAsync(_other.ObjectKey, CancellationToken.None);
        var cut = RenderPage();

        await cut.Find($".lake-file-preview[data-key='{_other.ObjectKey}']").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#lake-error").TextContent.Should().Contain("no longer in the lake"), Wait);
        cut.FindAll("#lake-preview").Should().BeEmpty();
    }

    private IRenderedComponent<S3DataLake> RenderPage()
    {
        var cut = _page.Render<S3DataLake>();
        cut.WaitForAssertion(() => FileKeys(cut).Should().HaveCount(3), Wait);
        return cut;
    }

    private static List<string?> FileKeys(IRenderedComponent<S3DataLake> cut) =>
        cut.FindAll("#lake-files-grid .lake-file-key").Select(e => e.GetAttribute("data-key")).ToList();
}
