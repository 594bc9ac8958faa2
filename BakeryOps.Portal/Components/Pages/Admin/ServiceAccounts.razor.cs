using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using BakeryOps.Portal.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Admin;

/// <summary>
/// Service accounts for Admins: the list with last use, a new account whose secret is shown once with a copy button,
/// rotation and deletion after a confirmation. Changes made elsewhere (another Admin, the API) show at once.
/// </summary>
public partial class ServiceAccounts
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true };

    private IReadOnlyList<ServiceAccountSummary> _accounts = [];
    private IReadOnlyList<string> _facilityChoices = [];
    private AuditActor _actor = AuditActor.System;
    private bool _loading = true;
    private bool _busy;
    private bool _subscribed;

    private bool _createOpen;
    private string _name = "";
    private List<string> _roles = [];
    private List<string> _facilities = [];
    private IReadOnlyDictionary<string, string[]> _createErrors = new Dictionary<string, string[]>();
    private string? _createError;

    private bool _issuedOpen;
    private ServiceAccountSecretIssued? _issued;
    private string? _copyResult;

    [Inject] private ServiceAccountService Accounts { get; set; } = default!;
    [Inject] private ServiceAccountNotifications Notifications { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthenticationState { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    protected override string PageName => "Service accounts";

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState.GetAuthenticationStateAsync();
        // The circuit has no request to take an address from; the audit row names the Admin.
        _actor = AuditActors.From(state.User, null);
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Notifications.Changed += OnChanged;
            _subscribed = true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _subscribed)
        {
            Notifications.Changed -= OnChanged;
        }

        base.Dispose(disposing);
    }

    private async Task ReloadAsync()
    {
        _loading = true;
        _accounts = await LoadAsync(() => Accounts.ListAsync(Cancellation), _accounts);
        _loading = false;
    }

    // Raised on the thread that committed the change; the page renders on its own dispatcher.
    private void OnChanged(string clientId) => _ = InvokeAsync(async () =>
    {
        await ReloadAsync();
        StateHasChanged();
    });

    private async Task OpenCreate()
    {
        _name = "";
        _roles = [Roles.Integration];
        _facilities = [];
        _createErrors = new Dictionary<string, string[]>();
        _createError = null;
        _facilityChoices = await LoadAsync(() => Accounts.ListFacilityIdsAsync(Cancellation), _facilityChoices);
        _createOpen = true;
    }

    private static void Toggle(List<string> items, string item, bool on)
    {
        items.Remove(item);
        if (on)
        {
            items.Add(item);
        }
    }

    private string? FieldError(string field) => _createErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task CreateAsync()
    {
        _createErrors = new Dictionary<string, string[]>();
        _createError = null;
        try
        {
            var issued = await WhileBusyAsync(() => Accounts.CreateAsync(new NewServiceAccount(_name, _roles, _facilities), _actor, Cancellation));
            _createOpen = false;
            ShowIssued(issued);
        }
        catch (RequestValidationException invalid)
        {
            _createErrors = invalid.Errors;
        }
        catch (ConflictException conflict)
        {
            _createError = conflict.Message;
        }
    }

    private Task RotateAsync(ServiceAccountSummary account) => RunAsync(async () =>
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = "Rotate the secret",
            Message = $"Issue a new secret for {account.Name}? The current secret keeps working for a while, then stops.",
            YesText = "Rotate",
            CancelText = "Cancel",
        });
        if (confirmed == true)
        {
            ShowIssued(await WhileBusyAsync(() => Accounts.RotateSecretAsync(account.ClientId, _actor, Cancellation)));
        }
    });

    private Task DeleteAsync(ServiceAccountSummary account) => RunAsync(async () =>
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = "Delete service account",
            Message = $"Delete {account.Name} ({account.ClientId})? Its tokens stop working and this cannot be undone.",
            YesText = "Delete",
            CancelText = "Cancel",
        });
        if (confirmed == true)
        {
            await WhileBusyAsync(async () =>
            {
                await Accounts.DeleteAsync(account.ClientId, _actor, Cancellation);
                return true;
            });
            Snackbar.Add($"{account.Name} deleted.", Severity.Success);
            await ReloadAsync();
        }
    });

    private void ShowIssued(ServiceAccountSecretIssued issued)
    {
        _issued = issued;
        _copyResult = null;
        _issuedOpen = true;
    }

    // The secret leaves the page's state with the dialog: it is never shown again.
    private async Task CloseIssued()
    {
        _issuedOpen = false;
        _issued = null;
        _copyResult = null;
        await ReloadAsync();
    }

    private async Task CopySecretAsync()
    {
        if (_issued is null)
        {
            return;
        }

        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", Cancellation, _issued.ClientSecret);
            _copyResult = "Copied to the clipboard.";
        }
        catch (JSException)
        {
            // Browsers refuse the clipboard outside secure contexts (plain http on another host) or without permission.
            _copyResult = "The browser did not allow copying: select the secret and copy it by hand.";
        }
    }

    // Disables the buttons while a change runs, so one click cannot start a second change.
    private async Task<T> WhileBusyAsync<T>(Func<Task<T>> action)
    {
        _busy = true;
        try
        {
            return await action();
        }
        finally
        {
            _busy = false;
        }
    }

    private string LastUsedText(ServiceAccountSummary account) => account.LastUsedAt is { } at
        ? $"{Dates.Format(at, "yyyy-MM-dd HH:mm")}{(account.LastUsedAddress is { } address ? $" from {address}" : "")}"
        : "Never";

    private string SecretsText(ServiceAccountSummary account) => account.OverlapEndsAt is { } until
        ? $"{account.ActiveSecrets} (the previous one until {Dates.Format(until, "yyyy-MM-dd HH:mm")})"
        : account.ActiveSecrets.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
