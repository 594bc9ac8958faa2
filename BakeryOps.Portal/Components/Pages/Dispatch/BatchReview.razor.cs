using System.Globalization;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Dispatch;

/// <summary>
/// Batch Review (the earlier system's BatchReview, BakeryOpsToJde and AdvancedPatchForm pages in one): a facility's
/// postings to JD Edwards, filtered by state and text, selected in bulk, reviewed one at a time as a form of the
/// payload's fields (quantity and lot editable), approved, rejected, dispatched with a progress bar and retried.
/// Planners and admins act; everyone else reads. The list follows the facility's postings and stock as they change
/// (in-process notifications over the circuit, no polling).
/// </summary>
public sealed partial class BatchReview : PortalPage
{
    private const string AllStates = "all";

    private IReadOnlyList<Facility>? _facilities;
    private string? _facility;
    private string _state = DispatchState.Pending.Name();
    private string? _search;
    private bool _canPlan;
    private string _user = "portal";
    private MudTable<DispatchActionView>? _table;
    private IReadOnlyList<DispatchActionView> _items = [];
    private int _total;
    private int _refreshes;

    // The selection outlives the table's page and filters (an approved posting leaves the pending list but stays selected).
    private readonly Dictionary<string, DispatchActionView> _selected = new(StringComparer.Ordinal);
    private HashSet<DispatchActionView> _tableSelection = new(KeyComparer.Instance);
    private string? _bulkReason;
    private bool _busy;

    private readonly SortedDictionary<string, DispatchResult> _actionResults = new(StringComparer.Ordinal);
    private int _progressDone;
    private int _progressTotal;

    private bool _reviewOpen;
    private List<string> _reviewKeys = [];
    private int _reviewIndex;
    private PreparedDispatch? _prepared;
    private string? _reviewError;
    private string? _savedNote;
    private MudForm? _form;
    private bool _formValid = true;
    private decimal _quantity;
    private string? _lot;
    private string? _rejectReason;

    private bool _refreshing;
    private bool _refreshPending;
    private volatile bool _left;

    [Inject] private DispatchService Dispatch { get; set; } = default!;
    [Inject] private PageAudit Audit { get; set; } = default!;
    [Inject] private DispatchNotifications DispatchNotifications { get; set; } = default!;
    [Inject] private StockNotifications StockNotifications { get; set; } = default!;
    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<BatchReview> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override string PageName => "Batch Review";

    protected override string Dependencies => "The database or JD Edwards";

    private DispatchPayloadLine? PayloadLine => _prepared?.Payload.GridData.FirstOrDefault();

    /// <summary>The states in which the service takes an edit or a rejection.</summary>
    private bool Editable => _prepared?.Action.State is "pending" or "failed" or "approved";

    private double ProgressPercent => _progressTotal == 0 ? 0 : 100.0 * _progressDone / _progressTotal;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _user = user.Identity?.Name ?? _user;
        _canPlan = (await Authorization.AuthorizeAsync(user, Policies.Plan)).Succeeded;
        DispatchNotifications.Changed += OnFacilityChanged;
        StockNotifications.StockChanged += OnFacilityChanged;
        await RunAsync(async () =>
        {
            _facilities = (await Inventory.ListFacilitiesAsync(Cancellation)).Where(f => !string.IsNullOrWhiteSpace(f.JdeBusinessUnit)).ToList();
            _facility = _facilities.FirstOrDefault()?.Id;
        });
    }

    private async Task<TableData<DispatchActionView>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        if (_facility is null)
        {
            return new TableData<DispatchActionView> { Items = [], TotalItems = 0 };
        }

        var query = new DispatchQuery(_facility, _state == AllStates ? null : _state, string.IsNullOrWhiteSpace(_search) ? null : _search.Trim());
        var page = await LoadAsync(() => Dispatch.ListAsync(query, new PageRequest(state.Page * state.PageSize, state.PageSize), cancellationToken),
            PagedResult<DispatchActionView>.Empty);
        _items = page.Items;
        _total = page.TotalCount;
        _refreshes++;
        // Selected postings on this page are shown as they are now.
        foreach (var item in page.Items.Where(i => _selected.ContainsKey(i.Key)))
        {
            _selected[item.Key] = item;
        }

        SyncTableSelection();
        return new TableData<DispatchActionView> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task ReloadAsync()
    {
        if (_table is null)
        {
            return;
        }

        if (_table.CurrentPage > 0)
        {
            _table.NavigateTo(Page.First);
            return;
        }

        await _table.ReloadServerData();
    }

    private Task FacilityChangedAsync(string facility)
    {
        _facility = facility;
        _selected.Clear();
        _actionResults.Clear();
        (_progressDone, _progressTotal) = (0, 0);
        SyncTableSelection();
        return RunAsync(ReloadAsync);
    }

    private Task StateChangedAsync(string? state)
    {
        _state = string.IsNullOrEmpty(state) ? AllStates : state;
        return RunAsync(ReloadAsync);
    }

    private Task SearchChangedAsync(string? search)
    {
        _search = search;
        return RunAsync(ReloadAsync);
    }

    /// <summary>The table's selection of the shown page: rows on it follow the table; rows elsewhere stay selected.</summary>
    private void SelectionChanged(HashSet<DispatchActionView> selection)
    {
        foreach (var item in _items)
        {
            if (selection.Contains(item))
            {
                _selected[item.Key] = item;
            }
            else
            {
                _selected.Remove(item.Key);
            }
        }

        // The table's own set: handing it another instance would make it announce a change again, and so on for ever.
        _tableSelection = selection;
    }

    /// <summary>Hands the table a new selection only when the shown rows' selection differs from the one it holds.</summary>
    private void SyncTableSelection()
    {
        var shown = _items.Where(i => _selected.ContainsKey(i.Key)).ToList();
        if (!_tableSelection.Select(i => i.Key).ToHashSet(StringComparer.Ordinal).SetEquals(shown.Select(i => i.Key)))
        {
            _tableSelection = new HashSet<DispatchActionView>(shown, KeyComparer.Instance);
        }
    }

    private void ClearSelection()
    {
        _selected.Clear();
        SyncTableSelection();
    }

    private List<string> SelectedKeys() => [.. _selected.Keys];

    private Task ApproveSelectedAsync() => ActAsync(async () =>
    {
        var results = await Dispatch.ApproveAsync(SelectedKeys(), await Audit.ActorAsync(), Cancellation);
        ShowResults(results, "approved");
    });

    private Task RejectSelectedAsync() => ActAsync(async () =>
    {
        var results = await Dispatch.RejectAsync(SelectedKeys(), _bulkReason ?? "", await Audit.ActorAsync(), Cancellation);
        _bulkReason = null;
        ShowResults(results, "rejected");
    });

    private Task DispatchSelectedAsync() => ActAsync(() => DispatchKeysAsync(SelectedKeys()));

    /// <summary>The selected postings that failed, approved again and sent at once.</summary>
    private Task RetryFailedAsync() => ActAsync(async () =>
    {
        var failed = _selected.Values.Where(v => v.State == DispatchState.Failed.Name()).Select(v => v.Key).ToList();
        if (failed.Count == 0)
        {
            Snackbar.Add("None of the selected postings has failed.", Severity.Info);
            return;
        }

        var retried = await Dispatch.RetryAsync(failed, await Audit.ActorAsync(), Cancellation);
        _actionResults.Clear();
        foreach (var refused in retried.Where(r => !r.Success))
        {
            _actionResults[refused.Key] = refused;
        }

        var again = retried.Where(r => r.Success).Select(r => r.Key).ToList();
        if (again.Count > 0)
        {
            await DispatchKeysAsync(again, clear: false);
        }
    });

    private async Task DispatchKeysAsync(List<string> keys, bool clear = true)
    {
        if (clear)
        {
            _actionResults.Clear();
        }

        (_progressDone, _progressTotal) = (0, keys.Count);
        StateHasChanged();
        // Reported from the dispatch's own threads: each result is shown on the page's dispatcher as it comes.
        var progress = new CallbackProgress<DispatchResult>(result => _ = InvokeAsync(() =>
        {
            _actionResults[result.Key] = result;
            _progressDone = Math.Min(_progressDone + 1, _progressTotal);
            StateHasChanged();
        }));
        var summary = await Dispatch.DispatchAsync(keys, await Audit.ActorAsync(), progress, Cancellation);
        foreach (var result in summary.Results)
        {
            _actionResults[result.Key] = result;
        }

        _progressDone = _progressTotal;
        Snackbar.Add($"{summary.Successful} of {summary.TotalProcessed} in JD Edwards; {summary.Failed} not.",
            summary.Failed == 0 ? Severity.Success : Severity.Warning);
    }

    private void ShowResults(IReadOnlyList<DispatchResult> results, string verb)
    {
        _actionResults.Clear();
        (_progressDone, _progressTotal) = (0, 0);
        foreach (var result in results)
        {
            _actionResults[result.Key] = result;
        }

        var done = results.Count(r => r.Success);
        Snackbar.Add($"{done} of {results.Count} {verb}.", done == results.Count ? Severity.Success : Severity.Warning);
    }

    /// <summary>A user's action on postings: one at a time, then the list as it is now.</summary>
    private async Task ActAsync(Func<Task> action)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await RunAsync(action);
            await RunAsync(ReloadAsync);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task OpenReviewAsync()
    {
        _reviewKeys = SelectedKeys();
        _reviewIndex = 0;
        _reviewOpen = true;
        await LoadReviewAsync();
    }

    private void CloseReview() => _reviewOpen = false;

    private async Task StepAsync(int by)
    {
        _reviewIndex = Math.Clamp(_reviewIndex + by, 0, _reviewKeys.Count - 1);
        await LoadReviewAsync();
    }

    private async Task LoadReviewAsync()
    {
        (_prepared, _reviewError, _savedNote, _rejectReason) = (null, null, null, null);
        if (_reviewKeys.Count == 0)
        {
            return;
        }

        await ReviewActionAsync(async () =>
        {
            var prepared = (await Dispatch.PrepareAsync([_reviewKeys[_reviewIndex]], Cancellation)).Single();
            Show(prepared);
        });
    }

    private void Show(PreparedDispatch prepared)
    {
        _prepared = prepared;
        _quantity = prepared.Action.Quantity;
        _lot = prepared.Action.LotCode;
        _formValid = true;
    }

    private Task SaveChangesAsync() => ReviewActionAsync(async () =>
    {
        if (_form is not null)
        {
            await _form.ValidateAsync();
            if (!_form.IsValid)
            {
                return;
            }
        }

        var key = _prepared!.Key;
        var view = await Dispatch.EditAsync(key, new DispatchEdit(_quantity, _lot), _user, Cancellation);
        Show((await Dispatch.PrepareAsync([key], Cancellation)).Single());
        _savedNote = view.Problem is null
            ? "Saved: it waits for approval again."
            : "Saved, but it cannot be sent as it stands (see above).";
    });

    private Task ApproveCurrentAsync() => ReviewActionAsync(async () =>
    {
        var key = _prepared!.Key;
        var result = (await Dispatch.ApproveAsync([key], await Audit.ActorAsync(), Cancellation)).Single();
        Show((await Dispatch.PrepareAsync([key], Cancellation)).Single());
        _actionResults[result.Key] = result;
        if (!result.Success)
        {
            _reviewError = result.Error;
        }
        else if (_reviewIndex < _reviewKeys.Count - 1)
        {
            // Approved: on to the next one to review.
            _reviewIndex++;
            await LoadReviewAsync();
        }
    });

    private Task RejectCurrentAsync() => ReviewActionAsync(async () =>
    {
        var key = _prepared!.Key;
        var result = (await Dispatch.RejectAsync([key], _rejectReason ?? "", await Audit.ActorAsync(), Cancellation)).Single();
        Show((await Dispatch.PrepareAsync([key], Cancellation)).Single());
        _actionResults[result.Key] = result;
        _rejectReason = null;
        if (!result.Success)
        {
            _reviewError = result.Error;
        }
    });

    /// <summary>An action in the review panel: its refusals show in the panel (the page's own message is behind the drawer).</summary>
    private async Task ReviewActionAsync(Func<Task> action)
    {
        _busy = true;
        _reviewError = null;
        _savedNote = null;
        try
        {
            await RunAsync(action);
            _reviewError ??= Error;
            Error = null;
        }
        finally
        {
            _busy = false;
        }
    }

    private string? ValidateQuantity(decimal quantity)
    {
        if (quantity == 0)
        {
            return "JD Edwards refuses a posting of nothing: enter a quantity other than zero.";
        }

        if (decimal.Round(quantity, 4) != quantity)
        {
            return "JD Edwards keeps 4 decimals.";
        }

        return _prepared?.Action.DocumentType == "II" && quantity < 0
            ? "An issue (II) posts the quantity issued, which must be positive."
            : null;
    }

    private static string? ValidateLot(string? lot) =>
        lot?.Trim().Length > Batch.MaxNumberLength ? $"The lot is longer than {Batch.MaxNumberLength} characters." : null;

    private void OnFacilityChanged(string facilityId)
    {
        if (!_left && facilityId == _facility)
        {
            Refresh();
        }
    }

    // Notifications come on background threads, or on this page's own dispatcher in the middle of its own call (listing
    // publishes the postings it planned; a review publishes its change): the list is read again on the page's dispatcher,
    // after the current work, never inside the table's own load. A dispatch changes many postings at once: while one
    // read runs, further changes ask for one more, not one each.
    private void Refresh() =>
        InvokeAsync(async () =>
        {
            await Task.Yield();
            if (_left)
            {
                return;
            }

            if (_refreshing)
            {
                _refreshPending = true;
                return;
            }

            _refreshing = true;
            try
            {
                do
                {
                    _refreshPending = false;
                    if (_table is not null)
                    {
                        await _table.ReloadServerData();
                    }

                    StateHasChanged();
                }
                while (_refreshPending && !_left);
            }
            finally
            {
                _refreshing = false;
            }
        }).ContinueWith(
            t => Logger.LogDebug(t.Exception, "The Batch Review page missed a change"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static string RowClass(DispatchActionView row, int index) => $"dispatch-row row-{row.Key} state-{row.State}";

    private static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    private static Color StateColor(string state) => state switch
    {
        "pending" => Color.Info,
        "approved" => Color.Primary,
        "sending" => Color.Secondary,
        "posted" or "confirmed" => Color.Success,
        "failed" => Color.Error,
        "rejected" => Color.Dark,
        _ => Color.Default,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            DispatchNotifications.Changed -= OnFacilityChanged;
            StockNotifications.StockChanged -= OnFacilityChanged;
        }

        base.Dispose(disposing);
    }

    /// <summary>Postings are the same posting when their keys are, whatever their state when read.</summary>
    private sealed class KeyComparer : IEqualityComparer<DispatchActionView>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(DispatchActionView? x, DispatchActionView? y) => string.Equals(x?.Key, y?.Key, StringComparison.Ordinal);

        public int GetHashCode(DispatchActionView obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which needs a context).</summary>
    private sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
