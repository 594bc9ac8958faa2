using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Analytics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Analytics;

public sealed partial class PivotSavedViews
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true };

    private IReadOnlyList<SavedPivotViewInfo> _views = [];
    private PivotViewUser? _user;
    private bool _saveOpen;
    private bool _busy;
    private string? _name;
    private bool _shared;
    private string? _saveError;
    private bool _left;

    [Inject] private SavedPivotViews Views { get; set; } = default!;
    [Inject] private SavedPivotViewNotifications Notifications { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthenticationState { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The page's query string now (what "Save view" keeps), or null while there is no view.</summary>
    [Parameter] public string? CurrentQuery { get; set; }

    /// <summary>The page's path the saved views open on ("pivot" or "analytics").</summary>
    [Parameter] public string Path { get; set; } = "pivot";

    /// <summary>The list as loaded, for the page to name downloads after the view shown.</summary>
    [Parameter] public EventCallback<IReadOnlyList<SavedPivotViewInfo>> ViewsChanged { get; set; }

    protected override string PageName => "Pivot saved views";

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState.GetAuthenticationStateAsync();
        _user = PivotViewUser.From(state.User);
        await RunAsync(LoadAsync);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Notifications.Changed += OnViewChanged;
        }
    }

    private async Task LoadAsync()
    {
        _views = await Views.ListAsync(_user!, Cancellation);
        await ViewsChanged.InvokeAsync(_views);
    }

    // A view saved, changed or deleted anywhere (another user's shared one too) reloads the list over the circuit.
    private void OnViewChanged(string id) =>
        InvokeAsync(async () =>
        {
            if (_left)
            {
                return;
            }

            await RunAsync(LoadAsync);
            StateHasChanged();
        });

    private void OpenSave()
    {
        _name = _views.FirstOrDefault(v => v.Query == CurrentQuery && v.CanChange)?.Name;
        _shared = false;
        _saveError = null;
        _saveOpen = true;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        _saveError = null;
        try
        {
            var saved = await Views.CreateAsync(new SavedPivotViewInput(_name, CurrentQuery, _shared), _user!, Cancellation);
            _saveOpen = false;
            Snackbar.Add($"Saved the view '{saved.Name}'{(saved.Shared ? ", shared with everyone" : "")}.", Severity.Success);
            await RunAsync(LoadAsync);
        }
        catch (RequestValidationException e)
        {
            _saveError = string.Join(" ", e.Errors.SelectMany(f => f.Value));
        }
        catch (ConflictException e)
        {
            _saveError = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync(SavedPivotViewInfo view) => await RunAsync(async () =>
    {
        await Views.DeleteAsync(view.Id, _user!, Cancellation);
        Snackbar.Add($"Deleted the view '{view.Name}'.", Severity.Info);
        await LoadAsync();
    });

    private string Describe(SavedPivotViewInfo view) =>
        $"{(view.Shared ? "Shared" : "Private")} · by {view.Owner} · saved {Dates.Format(view.UpdatedAt, "yyyy-MM-dd HH:mm")}";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            Notifications.Changed -= OnViewChanged;
        }

        base.Dispose(disposing);
    }
}
