using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Jobs;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Sync;

/// <summary>
/// The item master review for planners: a facility's differences with JD Edwards side by side, the rows to apply
/// (gone products archived only by explicit choice) with a confirmation, whether auto-apply is on, and a pull started
/// here whose run moves on the page over the circuit (run notifications, no polling).
/// </summary>
public sealed partial class ItemMasterReview : PortalPage
{
    private readonly HashSet<string> _selected = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyList<Facility>? _facilities;
    private string? _facility;
    private ItemMasterReviewView? _review;
    private SyncRunView? _run;
    private bool _archiveMissing;
    private bool _canPull;
    private bool _canApply;
    private bool _applying;
    private string _user = "portal";
    private volatile bool _left;

    [Inject] private ItemMasterReviews Reviews { get; set; } = default!;
    [Inject] private ItemMasterSyncRunner Runner { get; set; } = default!;
    [Inject] private SyncRunCatalog Runs { get; set; } = default!;
    [Inject] private SyncRunNotifications RunNotifications { get; set; } = default!;
    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ItemMasterReview> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override string PageName => "Item Master Review";

    private bool IsRunning => _run?.Status == SyncRunStatuses.Name(SyncRunStatus.Running);

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _user = user.Identity?.Name ?? _user;
        _canApply = (await Authorization.AuthorizeAsync(user, Policies.Plan)).Succeeded;
        // Planners pull too: they review what the pull brings; the API's run endpoint stays with the job runners.
        _canPull = _canApply || (await Authorization.AuthorizeAsync(user, Policies.RunJobs)).Succeeded;
        RunNotifications.RunChanged += OnRunChanged;
        await RunAsync(async () =>
        {
            _facilities = (await Inventory.ListFacilitiesAsync(Cancellation)).Where(f => !string.IsNullOrWhiteSpace(f.JdeBusinessUnit)).ToList();
            _facility = _facilities.FirstOrDefault()?.Id;
            await LoadAsync();
        });
    }

    private async Task LoadAsync()
    {
        _selected.Clear();
        if (_facility is null)
        {
            return;
        }

        _review = await Reviews.ReviewAsync(_facility, Cancellation);
        _run = (await Runs.ListRunsAsync(ItemMasterSync.Job, null, _facility, 0, 1, Cancellation)).Items.FirstOrDefault();
    }

    private Task FacilityChangedAsync(string facility) => RunAsync(async () =>
    {
        _facility = facility;
        _review = null;
        _run = null;
        await LoadAsync();
    });

    private Task PullNowAsync() => RunAsync(async () =>
    {
        var id = await Runner.StartAsync(_facility!, _user, Cancellation);
        _run = await Runs.GetRunAsync(id, Cancellation);
        Snackbar.Add($"Item master pull of {_facility} started.", Severity.Info);
    });

    private void Toggle(string item, bool on)
    {
        if (on)
        {
            _selected.Add(item);
        }
        else
        {
            _selected.Remove(item);
        }
    }

    private void ArchiveMissingChanged(bool on)
    {
        _archiveMissing = on;
        if (!on && _review is not null)
        {
            // A gone product is archived only by explicit choice: turning the choice off drops those rows.
            _selected.RemoveWhere(item => _review.Items.Any(i => i.Change == "gone" && string.Equals(i.Item, item, StringComparison.OrdinalIgnoreCase)));
        }
    }

    private bool CanSelect(ItemMasterDifferenceView row) => row.CanApply && (row.Change != "gone" || _archiveMissing);

    private async Task ApplySelectedAsync()
    {
        var rows = _review!.Items.Where(i => _selected.Contains(i.Item)).ToList();
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = "Apply item master differences",
            Message = $"In facility {_facility}: create {Count(rows, "new")}, update {Count(rows, "changed")} and archive {Count(rows, "gone")} " +
                      $"product(s) from JD Edwards' item master ({string.Join(", ", rows.Select(r => r.Item))}). Nothing is deleted.",
            YesText = "Apply",
            CancelText = "Cancel",
        });
        if (confirmed != true)
        {
            return;
        }

        _applying = true;
        try
        {
            await RunAsync(async () =>
            {
                var result = await Runner.ApplyAsync(_facility!, [.. rows.Select(r => r.Item)], _archiveMissing, _user, Cancellation);
                Snackbar.Add($"Applied: {result.Created.Count} created, {result.Updated.Count} updated, {result.Archived.Count} archived.", Severity.Success);
                await LoadAsync();
            });
        }
        finally
        {
            _applying = false;
        }
    }

    // Runs move on background threads: the page updates on its own dispatcher, and reloads the review when one ends.
    private void OnRunChanged(SyncRunView run)
    {
        if (_left || run.Job != ItemMasterSync.Job || run.FacilityId != _facility)
        {
            return;
        }

        InvokeAsync(async () =>
        {
            if (_left || run.FacilityId != _facility)
            {
                return;
            }

            _run = run;
            if (run.Status != SyncRunStatuses.Name(SyncRunStatus.Running))
            {
                await RunAsync(LoadAsync);
                _run = run;
            }

            StateHasChanged();
        }).ContinueWith(
            t => Logger.LogDebug(t.Exception, "The Item Master Review page missed a run change"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private static int Count(IEnumerable<ItemMasterDifferenceView> rows, string change) => rows.Count(r => r.Change == change);

    private static string RunDetail(SyncRunView run)
    {
        if (run.Error is { } error)
        {
            return $" — {error}";
        }

        if (run.Progress is { } progress)
        {
            return $" — {progress}";
        }

        return run.Counts.Count == 0
            ? ""
            : " — " + string.Join(", ", run.Counts.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
    }

    private static Color StatusColor(string status) => status switch
    {
        "running" => Color.Info,
        "succeeded" => Color.Success,
        "cancelled" => Color.Warning,
        _ => Color.Error,
    };

    private static Color ChangeColor(string change) => change switch
    {
        "new" => Color.Success,
        "changed" => Color.Info,
        _ => Color.Warning,
    };

    private static string ChangeTitle(string change) => change switch
    {
        "new" => "new in JD Edwards",
        "changed" => "changed",
        "gone" => "gone from JD Edwards",
        _ => change,
    };

    private static string AttributeTitle(string attribute) => attribute switch
    {
        ItemMasterComparison.Description => "Description (DSC1 ↔ name)",
        ItemMasterComparison.Description2 => "Description 2 (DSC2 ↔ description)",
        ItemMasterComparison.Unit => "Unit (UOM1)",
        ItemMasterComparison.StockingType => "Stocking type (STKT)",
        ItemMasterComparison.GlClass => "G/L class (GLPT)",
        ItemMasterComparison.LotControl => "Lot control",
        ItemMasterComparison.ShelfLife => "Shelf life days (SLD)",
        _ => attribute,
    };

    private static string Shown(string value) => value.Length == 0 ? "—" : value;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            RunNotifications.RunChanged -= OnRunChanged;
        }

        base.Dispose(disposing);
    }
}
