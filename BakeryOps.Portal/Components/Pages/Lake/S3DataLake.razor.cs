using System.Globalization;
using System.Text.Json.Nodes;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Housekeeping;
using BakeryOps.Infrastructure.Lake.Reading;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Lake;

/// <summary>
/// Browses the lake through <c>dispatch_logs</c>: datasets, their date partitions and files (filtered and paged on the
/// server), a preview of a file's first rows, downloads, and a run's manifest with its verification.
/// </summary>
public sealed partial class S3DataLake
{
    internal const int PreviewRows = 50;
    private const int ManifestsShown = 50;
    private const int ManifestSearchLimit = 500;
    private static readonly int[] PageSizes = [25, 50, 100];

    private MudDataGrid<LakeFileView>? _grid;
    private IReadOnlyList<LakeDatasetView> _datasets = [];
    private IReadOnlyList<LakePartitionView> _partitions = [];
    private IReadOnlyList<LakeObjectInfo> _manifests = [];
    private string? _dataset;
    private DateRange? _range;
    private LakePreview? _preview;
    private string? _manifestKey;
    private string? _manifestJson;
    private LakeManifestVerification? _verification;
    private bool _verifying;
    private SyncRunView? _housekeeping;

    [Inject] private ILakeStore Store { get; set; } = default!;
    [Inject] private LakeCatalog Catalog { get; set; } = default!;
    [Inject] private LakeObjectReader Reader { get; set; } = default!;
    [Inject] private LakeManifests Manifests { get; set; } = default!;
    [Inject] private ILakeVerifier Verifier { get; set; } = default!;
    [Inject] private SyncRunCatalog Runs { get; set; } = default!;

    protected override string PageName => "S3 Data Lake";

    protected override string Dependencies => "The lake or the database";

    protected override async Task OnInitializedAsync()
    {
        await RunAsync(async () =>
        {
            _datasets = await Catalog.ListDatasetsAsync(Cancellation);
            _housekeeping = (await Runs.ListRunsAsync(LakeHousekeeping.Job, null, null, 0, 1, Cancellation)).Items.FirstOrDefault();
        });
    }

    private async Task<GridData<LakeFileView>> LoadFilesAsync(GridState<LakeFileView> state, CancellationToken cancellationToken)
    {
        var query = new LakeFileQuery(_dataset, Date(_range?.Start), Date(_range?.End), state.Page * state.PageSize, state.PageSize);
        var page = await LoadAsync(() => Catalog.ListFilesAsync(query, cancellationToken), new PagedResult<LakeFileView>([], 0));
        return new GridData<LakeFileView> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task SelectDatasetAsync(string? dataset)
    {
        _dataset = dataset;
        _partitions = [];
        _manifests = [];
        if (dataset is not null)
        {
            await RunAsync(async () =>
            {
                _partitions = await Catalog.ListPartitionsAsync(dataset, Cancellation);
                _manifests = await Manifests.ListAsync(dataset, ManifestsShown, Cancellation);
            });
        }

        await ReloadGridAsync(_grid);
    }

    private async Task SelectPartitionAsync(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        _range = new DateRange(day, day);
        await ReloadGridAsync(_grid);
    }

    private async Task OnRangeChangedAsync(DateRange? range)
    {
        _range = range;
        await ReloadGridAsync(_grid);
    }

    private async Task ClearFiltersAsync()
    {
        _range = null;
        await SelectDatasetAsync(null);
    }

    private Task PreviewAsync(string key) =>
        RunAsync(async () => _preview = await Reader.PreviewAsync(key, PreviewRows, Cancellation));

    private Task OpenRunManifestAsync(string dataset, Guid runId) => RunAsync(async () =>
    {
        var key = await Manifests.FindByRunAsync(dataset, runId, ManifestSearchLimit, Cancellation);
        if (key is null)
        {
            Error = $"No manifest of {dataset} names run {runId}.";
            return;
        }

        await OpenManifestCoreAsync(key);
    });

    private Task OpenManifestAsync(string key) => RunAsync(() => OpenManifestCoreAsync(key));

    private async Task OpenManifestCoreAsync(string key)
    {
        _verification = null;
        _manifestJson = await Manifests.ReadAsync(key, Cancellation);
        _manifestKey = key;
    }

    private async Task VerifyAsync()
    {
        if (_manifestKey is not { } key)
        {
            return;
        }

        _verifying = true;
        try
        {
            await RunAsync(async () => _verification = await Verifier.VerifyAsync(key, Cancellation));
        }
        finally
        {
            _verifying = false;
        }
    }

    private void CloseManifest()
    {
        _manifestKey = null;
        _manifestJson = null;
        _verification = null;
    }

    // The key itself is never shown back when it was refused.
    protected override string? ExpectedFailureMessage(Exception exception) => exception switch
    {
        LakeKeyRejectedException => $"That key is not a lake key: {exception.Message}",
        LakeObjectNotFoundException => "The file is no longer in the lake.",
        LakeNotPreviewableException => exception.Message,
        _ => base.ExpectedFailureMessage(exception),
    };

    internal static string DownloadHref(string key) => "s3/download/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    private static string Cell(JsonObject row, string column) => row[column] switch
    {
        null => "",
        JsonValue value => value.ToString(),
        var node => node.ToJsonString(),
    };

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";

    private static string FileName(string key) => key[(key.LastIndexOf('/') + 1)..];

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(DateTime? value) => value is { } day ? DateOnly.FromDateTime(day) : null;

    private static string Bytes(long size) => size switch
    {
        < 1024 => $"{size} B",
        < 1024 * 1024 => $"{size / 1024.0:0.#} KiB",
        _ => $"{size / (1024.0 * 1024):0.#} MiB",
    };
}
