using System.ComponentModel.DataAnnotations;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Portal.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Admin;

public partial class Users
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true };

    private IReadOnlyList<UserSummary> _users = [];
    private string _actingUserName = "";
    private AuditActor _actor = AuditActor.System;
    private bool _loading = true;
    private bool _busy;
    private bool _subscribed;

    private bool _showNewUser;
    private NewUserForm _newUser = new();
    private EditContext _newUserContext = default!;
    private ValidationMessageStore _newUserServerErrors = default!;
    private string? _newUserError;

    private bool _rolesDialogOpen;
    private UserSummary? _rolesUser;
    private List<string> _roles = [];
    private string? _rolesError;

    private bool _resetDialogOpen;
    private UserSummary? _resetUser;
    private string _resetPassword = "";
    private string _resetConfirm = "";
    private string? _resetPasswordError;
    private string? _resetConfirmError;
    private string? _resetError;

    [Inject] private PageAudit Audit { get; set; } = default!;

    [Inject] private AuditNotifications AuditNotifications { get; set; } = default!;

    protected override string PageName => "Users";

    protected override async Task OnInitializedAsync()
    {
        ResetNewUserForm();
        var state = await AuthenticationState.GetAuthenticationStateAsync();
        _actingUserName = state.User.Identity?.Name ?? "";
        _actor = await Audit.ActorAsync();
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            AuditNotifications.Recorded += OnAudited;
            _subscribed = true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _subscribed)
        {
            AuditNotifications.Recorded -= OnAudited;
        }

        base.Dispose(disposing);
    }

    // Every change to an account is audited after it commits: another Admin's edit, or sign-ins that count failures,
    // lock an account or create a directory user. Raised on the committing thread; the page renders on its own.
    private void OnAudited(AuditEvent row)
    {
        if (row.Category is AuditCategories.User or AuditCategories.SignIn or AuditCategories.Token)
        {
            _ = InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            });
        }
    }

    private async Task ReloadAsync()
    {
        _loading = true;
        _users = await LoadAsync(() => Administration.ListAsync(Cancellation), _users);
        _loading = false;
    }

    private void OpenNewUser()
    {
        ResetNewUserForm();
        _showNewUser = true;
    }

    private void CloseNewUser() => _showNewUser = false;

    private void ResetNewUserForm()
    {
        _newUser = new NewUserForm();
        _newUserError = null;
        _newUserContext = new EditContext(_newUser);
        _newUserServerErrors = new ValidationMessageStore(_newUserContext);

        // A server message stays until its field is edited or the form is submitted again.
        _newUserContext.OnFieldChanged += (_, e) => _newUserServerErrors.Clear(e.FieldIdentifier);
        _newUserContext.OnValidationRequested += (_, _) => _newUserServerErrors.Clear();
    }

    private void ToggleNewUserRole(string role, bool on)
    {
        ToggleRole(_newUser.Roles, role, on);
        _newUserContext.NotifyFieldChanged(_newUserContext.Field(nameof(NewUserForm.Roles)));
    }

    private static void ToggleRole(List<string> roles, string role, bool on)
    {
        roles.Remove(role);
        if (on)
        {
            roles.Add(role);
        }
    }

    private async Task CreateAsync()
    {
        _newUserError = null;
        var request = new NewUser(_newUser.UserName, _newUser.DisplayName, _newUser.Password, _newUser.Roles);
        var result = await WhileBusyAsync(() => Administration.CreateAsync(request, _actor));
        if (!result.Succeeded)
        {
            foreach (var (field, messages) in result.Errors)
            {
                if (field == UserAdminFields.General)
                {
                    _newUserError = string.Join(" ", messages);
                }
                else
                {
                    _newUserServerErrors.Add(_newUserContext.Field(field), messages);
                }
            }

            _newUserContext.NotifyValidationStateChanged();
            return;
        }

        Snackbar.Add($"User {request.UserName.Trim()} created.", Severity.Success);
        _showNewUser = false;
        await ReloadAsync();
    }

    private void OpenRoles(UserSummary user)
    {
        _rolesUser = user;
        _roles = [.. user.Roles];
        _rolesError = null;
        _rolesDialogOpen = true;
    }

    private async Task SaveRolesAsync()
    {
        var result = await WhileBusyAsync(() => Administration.SetRolesAsync(_rolesUser!.UserName, _roles, _actor));
        _rolesError = Join(result);
        if (result.Succeeded)
        {
            _rolesDialogOpen = false;
            await Done($"Roles of {_rolesUser!.UserName} saved.");
        }
    }

    private void OpenResetPassword(UserSummary user)
    {
        _resetUser = user;
        _resetPassword = _resetConfirm = "";
        _resetPasswordError = _resetConfirmError = _resetError = null;
        _resetDialogOpen = true;
    }

    private async Task ResetPasswordAsync()
    {
        _resetPasswordError = _resetPassword.Length == 0 ? "Enter a password." : null;
        _resetConfirmError = _resetConfirm != _resetPassword ? "The passwords do not match." : null;
        _resetError = null;
        if (_resetPasswordError is not null || _resetConfirmError is not null)
        {
            return;
        }

        var result = await WhileBusyAsync(() => Administration.ResetPasswordAsync(_resetUser!.UserName, _resetPassword, _actor));
        if (!result.Succeeded)
        {
            _resetPasswordError = Join(result.ErrorsFor(UserAdminFields.Password));
            _resetError = Join(result.ErrorsFor(UserAdminFields.General));
            return;
        }

        _resetDialogOpen = false;
        await Done($"Password of {_resetUser!.UserName} reset.");
    }

    private async Task LockAsync(UserSummary user) =>
        await ApplyAsync(() => Administration.LockAsync(user.UserName, _actor), $"{user.UserName} locked.");

    private async Task UnlockAsync(UserSummary user) =>
        await ApplyAsync(() => Administration.UnlockAsync(user.UserName, _actor), $"{user.UserName} unlocked.");

    private async Task DeleteAsync(UserSummary user)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = "Delete user",
            Message = $"Delete {user.UserName}? This cannot be undone.",
            YesText = "Delete",
            CancelText = "Cancel",
        });
        if (confirmed == true)
        {
            await ApplyAsync(() => Administration.DeleteAsync(user.UserName, _actor), $"{user.UserName} deleted.");
        }
    }

    private Task ApplyAsync(Func<Task<UserAdminResult>> action, string success) => RunAsync(async () =>
    {
        var result = await WhileBusyAsync(action);
        Error = Join(result);
        if (result.Succeeded)
        {
            await Done(success);
        }
    });

    // Disables the action buttons while a change runs, so one click cannot start a second change.
    private async Task<UserAdminResult> WhileBusyAsync(Func<Task<UserAdminResult>> action)
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

    private async Task Done(string message)
    {
        Error = null;
        Snackbar.Add(message, Severity.Success);
        await ReloadAsync();
    }

    private bool IsSelf(UserSummary user) => string.Equals(user.UserName, _actingUserName, StringComparison.OrdinalIgnoreCase);

    private static string? Join(UserAdminResult result) => result.Succeeded ? null : Join(result.Errors.SelectMany(e => e.Value).ToList());

    private static string? Join(IReadOnlyList<string> messages) => messages.Count == 0 ? null : string.Join(" ", messages);

    private string LockText(UserSummary user) => user switch
    {
        { IsLockedIndefinitely: true } => "Locked by an administrator",
        { LockedOutUntil: { } until } => $"Locked after failed sign-ins until {Dates.Format(until, "yyyy-MM-dd HH:mm")}",
        { FailedSignIns: 1 } => "Active, 1 failed sign-in",
        { FailedSignIns: > 1 and var failed } => $"Active, {failed} failed sign-ins",
        _ => "Active",
    };

    private static string LockHint(UserSummary user) => user switch
    {
        { IsLockedIndefinitely: true } => "Locked until an administrator unlocks it. Unlock to let the user sign in again.",
        { IsLockedOut: true } => "Too many wrong passwords in a row. It unlocks by itself at the time shown, or at once with Unlock.",
        _ => "Wrong passwords in a row since the last sign-in; the account locks for a while when they reach the configured limit.",
    };

    private static Color RoleColor(string role) => role switch
    {
        Roles.Admin => Color.Error,
        Roles.Planner => Color.Primary,
        Roles.Inventory => Color.Info,
        Roles.Integration => Color.Secondary,
        _ => Color.Default,
    };

    private sealed class NewUserForm
    {
        [Required(ErrorMessage = "Enter a user name.")]
        [StringLength(UserAdministration.MaxUserNameLength, ErrorMessage = "The user name can have at most {1} characters.")]
        [RegularExpression(@"^[A-Za-z0-9\-._@+]+$", ErrorMessage = "Use only letters, digits and - . _ @ + in the user name.")]
        public string UserName { get; set; } = "";

        [StringLength(UserAdministration.MaxDisplayNameLength, ErrorMessage = "The display name can have at most {1} characters.")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "Enter a password.")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Repeat the password.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        public string ConfirmPassword { get; set; } = "";

        [MinLength(1, ErrorMessage = "Choose at least one role.")]
        public List<string> Roles { get; set; } = [];
    }
}
