using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Input;
using BakeryOps.Infrastructure.Identity.Tokens;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Identity;

/// <summary>
/// Account administration for the Admin "Users" page: list, create, change roles, reset passwords, lock, unlock
/// and delete. Refuses any change that would leave no active administrator, and stops an administrator from
/// deleting or locking their own account. Expected failures come back as a <see cref="UserAdminResult"/>.
/// </summary>
/// <remarks>
/// Each operation resolves <see cref="UserManager{TUser}"/> in its own short scope. A Blazor Server scope lives as
/// long as the circuit, and a DbContext that long keeps stale tracked users and, after one failed save, retries
/// the failed change on every later save. Each change and each refusal writes one audit row (category
/// <c>user</c>) naming the acting <see cref="AuditActor"/>; a change's row commits in the change's own transaction.
/// </remarks>
public sealed partial class UserAdministration(
    IServiceScopeFactory scopes,
    AuditLog audit,
    TimeProvider clock,
    ILogger<UserAdministration> logger)
{
    public const int MaxUserNameLength = 256;
    public const int MaxDisplayNameLength = 256;

    /// <summary>All accounts ordered by user name, case-insensitively.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var accounts = await users.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);

        // One query per role rather than one per user.
        var rolesByUser = new Dictionary<string, List<string>>();
        foreach (var role in Roles.All)
        {
            foreach (var member in await users.GetUsersInRoleAsync(role))
            {
                if (!rolesByUser.TryGetValue(member.Id, out var list))
                {
                    rolesByUser[member.Id] = list = [];
                }

                list.Add(role);
            }
        }

        var now = clock.GetUtcNow();
        return accounts
            .Select(u => new UserSummary(
                u.Id,
                u.UserName ?? "",
                u.DisplayName,
                rolesByUser.TryGetValue(u.Id, out var roles) ? roles : [],
                IsLockedOut(u, now) ? u.LockoutEnd : null,
                u.CreatedAt)
            {
                FailedSignIns = u.AccessFailedCount,
            })
            .ToList();
    }

    /// <summary>As the overload taking an <see cref="AuditActor"/>, for a caller that knows no address.</summary>
    public Task<UserAdminResult> CreateAsync(NewUser request, string actingUserName, CancellationToken cancellationToken = default) =>
        CreateAsync(request, ActorNamed(actingUserName), cancellationToken);

    public async Task<UserAdminResult> CreateAsync(NewUser request, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userName = request.UserName?.Trim() ?? "";
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim();
        var errors = new ValidationErrors();
        if (userName.Length == 0)
        {
            errors.Add(UserAdminFields.UserName, "Enter a user name.");
        }
        else if (InputText.Check(errors, UserAdminFields.UserName, userName) && userName.Length > MaxUserNameLength)
        {
            errors.Add(UserAdminFields.UserName, $"The user name can have at most {MaxUserNameLength} characters.");
        }

        if (InputText.Check(errors, UserAdminFields.DisplayName, displayName) && displayName?.Length > MaxDisplayNameLength)
        {
            errors.Add(UserAdminFields.DisplayName, $"The display name can have at most {MaxDisplayNameLength} characters.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add(UserAdminFields.Password, "Enter a password.");
        }

        ValidateRoles(request.Roles, errors);
        if (errors.Any)
        {
            return new UserAdminResult(errors.ToDictionary());
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        await using var transaction = await Database(scope).BeginTransactionAsync(cancellationToken);

        var user = new ApplicationUser { UserName = userName, DisplayName = displayName, CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return FromIdentity(created);
        }

        var roles = Normalise(request.Roles);
        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            return FromIdentity(added);
        }

        var row = await AuditAsync(scope, actor, "create", userName, $"Roles: {string.Join(", ", roles)}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Announce(row);
        LogUserCreated(logger, actor.Name, userName, string.Join(", ", roles));
        return UserAdminResult.Success;
    }

    /// <summary>Replaces the user's roles with <paramref name="roles"/> (at least one, all from <see cref="Roles.All"/>).</summary>
    /// <summary>As the overload taking an <see cref="AuditActor"/>, for a caller that knows no address.</summary>
    public Task<UserAdminResult> SetRolesAsync(
        string userName, IReadOnlyCollection<string> roles, string actingUserName, CancellationToken cancellationToken = default) =>
        SetRolesAsync(userName, roles, ActorNamed(actingUserName), cancellationToken);

    public async Task<UserAdminResult> SetRolesAsync(
        string userName, IReadOnlyCollection<string> roles, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        ValidateRoles(roles, errors);
        if (errors.Any)
        {
            return new UserAdminResult(errors.ToDictionary());
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return NotFound(userName);
        }

        var wanted = Normalise(roles);
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && await IsLastActiveAdminAsync(users, user))
        {
            return await RefusedAsync(actor, "role-change", "remove the Admin role", userName,
                UserAdminFields.Roles, "This is the last active administrator: keep the Admin role until another administrator exists.");
        }

        await using var transaction = await Database(scope).BeginTransactionAsync(cancellationToken);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal));
        if (!removed.Succeeded)
        {
            return FromIdentity(removed);
        }

        var added = await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal));
        if (!added.Succeeded)
        {
            return FromIdentity(added);
        }

        // A new stamp makes open cookies pick up the change at the next security-stamp validation.
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded)
        {
            return FromIdentity(stamped);
        }

        await RevokeRefreshTokensAsync(scope, user, RefreshTokenStore.Reasons.RolesChanged, cancellationToken);
        var row = await AuditAsync(scope, actor, "role-change", userName, $"Roles: {string.Join(", ", wanted)}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Revoked(scope, user);
        audit.Announce(row);
        LogRolesChanged(logger, actor.Name, userName, string.Join(", ", wanted));
        return UserAdminResult.Success;
    }

    /// <summary>As the overload taking an <see cref="AuditActor"/>, for a caller that knows no address.</summary>
    public Task<UserAdminResult> ResetPasswordAsync(
        string userName, string newPassword, string actingUserName, CancellationToken cancellationToken = default) =>
        ResetPasswordAsync(userName, newPassword, ActorNamed(actingUserName), cancellationToken);

    public async Task<UserAdminResult> ResetPasswordAsync(
        string userName, string newPassword, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(newPassword))
        {
            return UserAdminResult.Failure(UserAdminFields.Password, "Enter a password.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return NotFound(userName);
        }

        // Remove then add, in one transaction: AddPasswordAsync applies the password policy and saves nothing when
        // the password is rejected, so the rollback keeps the old password.
        await using var transaction = await Database(scope).BeginTransactionAsync(cancellationToken);
        var removed = await users.RemovePasswordAsync(user);
        if (!removed.Succeeded)
        {
            return FromIdentity(removed);
        }

        // Both calls renew the security stamp (Identity does so whenever the password hash changes).
        var added = await users.AddPasswordAsync(user, newPassword);
        if (!added.Succeeded)
        {
            return FromIdentity(added);
        }

        await RevokeRefreshTokensAsync(scope, user, RefreshTokenStore.Reasons.PasswordReset, cancellationToken);
        var row = await AuditAsync(scope, actor, "password-reset", userName, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Revoked(scope, user);
        audit.Announce(row);
        LogPasswordReset(logger, actor.Name, userName);
        return UserAdminResult.Success;
    }

    /// <summary>Locks the account until it is unlocked here.</summary>
    /// <summary>As the overload taking an <see cref="AuditActor"/>, for a caller that knows no address.</summary>
    public Task<UserAdminResult> LockAsync(string userName, string actingUserName, CancellationToken cancellationToken = default) =>
        LockAsync(userName, ActorNamed(actingUserName), cancellationToken);

    public async Task<UserAdminResult> LockAsync(string userName, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return NotFound(userName);
        }

        if (IsSelf(users, user, actor.Name))
        {
            return await RefusedAsync(actor, "lock", "lock", userName, UserAdminFields.General, "You cannot lock your own account.");
        }

        if (await IsLastActiveAdminAsync(users, user))
        {
            return await RefusedAsync(actor, "lock", "lock", userName,
                UserAdminFields.General, "This is the last active administrator and cannot be locked.");
        }

        await using var transaction = await Database(scope).BeginTransactionAsync(cancellationToken);
        var enabled = await users.SetLockoutEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            return FromIdentity(enabled);
        }

        var locked = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        if (!locked.Succeeded)
        {
            return FromIdentity(locked);
        }

        // Signs the user out of open cookie sessions at the next security-stamp validation.
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded)
        {
            return FromIdentity(stamped);
        }

        await RevokeRefreshTokensAsync(scope, user, RefreshTokenStore.Reasons.Locked, cancellationToken);
        var row = await AuditAsync(scope, actor, "lock", userName, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Revoked(scope, user);
        audit.Announce(row);
        LogUserLocked(logger, actor.Name, userName);
        return UserAdminResult.Success;
    }

    /// <summary>Ends any lockout, whether set here or by failed sign-ins, and clears the failed sign-in count.</summary>
    /// <summary>As the overload taking an <see cref="AuditActor"/>, for a caller that knows no address.</summary>
    public Task<UserAdminResult> UnlockAsync(string userName, string actingUserName, CancellationToken cancellationToken = default) =>
        UnlockAsync(userName, ActorNamed(actingUserName), cancellationToken);

    public async Task<UserAdminResult> UnlockAsync(string userName, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return NotFound(userName);
        }

        await using var transaction = await Database(scope).BeginTransactionAsync(cancellationToken);
        var unlocked = await users.SetLockoutEndDateAsync(user, null);
        if (!unlocked.Succeeded)
        {
            return FromIdentity(unlocked);
        }

        var reset = await users.ResetAccessFailedCountAsync(user);
        if (!reset.Succeeded)
        {
            return FromIdentity(reset);
        }

        var row = await AuditAsync(scope, actor, "unlock", userName, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.Announce(row);
        LogUserUnlocked(logger, actor.Name, userName);
        return UserAdminResult.Success;
    }

    /// <summary>As the overload taking an <see cref="AuditActor"/>, for a caller that knows no address.</summary>
    public Task<UserAdminResult> DeleteAsync(string userName, string actingUserName, CancellationToken cancellationToken = default) =>
        DeleteAsync(userName, ActorNamed(actingUserName), cancellationToken);

    public async Task<UserAdminResult> DeleteAsync(string userName, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return NotFound(userName);
        }

        if (IsSelf(users, user, actor.Name))
        {
            return await RefusedAsync(actor, "delete", "delete", userName, UserAdminFields.General, "You cannot delete your own account.");
        }

        if (await IsLastActiveAdminAsync(users, user))
        {
            return await RefusedAsync(actor, "delete", "delete", userName,
                UserAdminFields.General, "This is the last active administrator and cannot be deleted.");
        }

        await using var transaction = await Database(scope).BeginTransactionAsync(cancellationToken);
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            return FromIdentity(deleted);
        }

        var row = await AuditAsync(scope, actor, "delete", userName, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Its refresh tokens went with the row (cascade); a token's user is looked up again by the bearer check.
        Revoked(scope, user);
        audit.Announce(row);
        LogUserDeleted(logger, actor.Name, userName);
        return UserAdminResult.Success;
    }

    private static UserManager<ApplicationUser> Users(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

    // The same scoped context the Identity stores use, so their saves join the transaction.
    private static DatabaseFacade Database(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>().Database;

    // Refresh tokens are revoked in the change's transaction, so a rolled-back change leaves them working.
    private async Task RevokeRefreshTokensAsync(AsyncServiceScope scope, ApplicationUser user, string reason, CancellationToken cancellationToken) =>
        await RefreshTokenStore.RevokeUserAsync(
            scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>(), user.Id, reason, clock.GetUtcNow(), cancellationToken);

    // After the commit: this node's bearer cache forgets the user's stamp at once (other nodes within Jwt:RevocationCheckSeconds).
    private static void Revoked(AsyncServiceScope scope, ApplicationUser user) =>
        scope.ServiceProvider.GetRequiredService<UserRevocations>().Publish(user.Id);

    private static bool IsSelf(UserManager<ApplicationUser> users, ApplicationUser user, string actingUserName) =>
        string.Equals(users.NormalizeName(actingUserName), user.NormalizedUserName, StringComparison.Ordinal);

    private static bool IsLockedOut(ApplicationUser user, DateTimeOffset now) =>
        user.LockoutEnabled && user.LockoutEnd is { } end && end > now;

    /// <summary>True when <paramref name="user"/> is an unlocked administrator and no other unlocked administrator exists.</summary>
    private async Task<bool> IsLastActiveAdminAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var now = clock.GetUtcNow();
        var activeAdmins = (await users.GetUsersInRoleAsync(Roles.Admin)).Where(u => !IsLockedOut(u, now)).ToList();
        return activeAdmins.Any(u => u.Id == user.Id) && activeAdmins.Count == 1;
    }

    private static void ValidateRoles(IReadOnlyCollection<string>? roles, ValidationErrors errors)
    {
        if (roles is null || roles.Count == 0)
        {
            errors.Add(UserAdminFields.Roles, "Choose at least one role.");
            return;
        }

        var unknown = roles.Where(r => !Roles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(UserAdminFields.Roles, $"Unknown role(s): {string.Join(", ", unknown)}.");
        }
    }

    // Distinct and in the order of Roles.All, so logs and comparisons are stable.
    private static List<string> Normalise(IEnumerable<string> roles) => Roles.All.Intersect(roles, StringComparer.Ordinal).ToList();

    private static UserAdminResult NotFound(string userName) =>
        new(ValidationErrors.Of(UserAdminFields.General, $"User '{userName}' no longer exists. Reload the list.")) { IsNotFound = true };

    private static AuditActor ActorNamed(string actingUserName) => new(actingUserName, AuditActorKinds.User, null);

    /// <summary>Adds the change's audit row to the scope's context (joining the open transaction) and saves it.</summary>
    private async Task<AuditEvent> AuditAsync(
        AsyncServiceScope scope, AuditActor actor, string action, string userName, string? detail, CancellationToken cancellationToken)
    {
        var db = scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>();
        var row = audit.Add(db, new AuditEntry(AuditCategories.User, action, AuditOutcomes.Success, actor, userName, detail));
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    private async Task<UserAdminResult> RefusedAsync(
        AuditActor actor, string auditAction, string action, string userName, string field, string message)
    {
        await audit.RecordAsync(new AuditEntry(AuditCategories.User, auditAction, AuditOutcomes.Denied, actor, userName, message));
        LogRefused(logger, actor.Name, action, userName, message);
        return new UserAdminResult(ValidationErrors.Of(field, message)) { IsRefused = true };
    }

    private static UserAdminResult FromIdentity(IdentityResult result)
    {
        var errors = new ValidationErrors();
        foreach (var error in result.Errors)
        {
            var (field, message) = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => (UserAdminFields.Password, error.Description),
                nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) =>
                    (UserAdminFields.UserName, error.Description),
                nameof(IdentityErrorDescriber.InvalidRoleName) or nameof(IdentityErrorDescriber.UserAlreadyInRole)
                    or nameof(IdentityErrorDescriber.UserNotInRole) => (UserAdminFields.Roles, error.Description),
                nameof(IdentityErrorDescriber.ConcurrencyFailure) =>
                    (UserAdminFields.General, "Someone else changed this user at the same time. Reload the list and try again."),
                _ => (UserAdminFields.General, error.Description),
            };
            errors.Add(field, message);
        }

        if (!errors.Any)
        {
            errors.Add(UserAdminFields.General, "The change was not saved.");
        }

        return new UserAdminResult(errors.ToDictionary());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} created user {UserName} with roles {Roles}")]
    private static partial void LogUserCreated(ILogger logger, string actingUser, string userName, string roles);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} set the roles of {UserName} to {Roles}")]
    private static partial void LogRolesChanged(ILogger logger, string actingUser, string userName, string roles);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} reset the password of {UserName}")]
    private static partial void LogPasswordReset(ILogger logger, string actingUser, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} locked {UserName}")]
    private static partial void LogUserLocked(ILogger logger, string actingUser, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} unlocked {UserName}")]
    private static partial void LogUserUnlocked(ILogger logger, string actingUser, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} deleted {UserName}")]
    private static partial void LogUserDeleted(ILogger logger, string actingUser, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ActingUser} was refused to {Action} {UserName}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string actingUser, string action, string userName, string reason);
}

/// <summary>One row of the users list. <see cref="LockedOutUntil"/> is null unless the account is locked now.</summary>
public sealed record UserSummary(
    string Id,
    string UserName,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    DateTimeOffset? LockedOutUntil,
    DateTimeOffset CreatedAt)
{
    public bool IsLockedOut => LockedOutUntil is not null;

    /// <summary>Locked by an administrator rather than for a while after failed sign-ins.</summary>
    public bool IsLockedIndefinitely => LockedOutUntil is { Year: >= 9999 };

    /// <summary>Wrong passwords since the last successful sign-in or unlock (Identity's count; it restarts at lockout).</summary>
    public int FailedSignIns { get; init; }
}

public sealed record NewUser(string UserName, string? DisplayName, string Password, IReadOnlyCollection<string> Roles);

/// <summary>Field keys of <see cref="UserAdminResult.Errors"/>; they match the property names of <see cref="NewUser"/>.</summary>
public static class UserAdminFields
{
    public const string UserName = nameof(NewUser.UserName);
    public const string DisplayName = nameof(NewUser.DisplayName);
    public const string Password = nameof(NewUser.Password);
    public const string Roles = nameof(NewUser.Roles);

    /// <summary>Errors that belong to no single field, such as a refused business rule.</summary>
    public const string General = "";
}

/// <summary>The outcome of a <see cref="UserAdministration"/> change: success, or messages keyed by <see cref="UserAdminFields"/>.</summary>
public sealed class UserAdminResult(IReadOnlyDictionary<string, string[]> errors)
{
    public static UserAdminResult Success { get; } = new(new ValidationErrors().ToDictionary());

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public bool Succeeded => Errors.Count == 0;

    /// <summary>The user named does not exist (the API answers 404 rather than 409).</summary>
    public bool IsNotFound { get; init; }

    /// <summary>A rule refused the change (last administrator, own account); the API answers 409 rather than 400.</summary>
    public bool IsRefused { get; init; }

    public static UserAdminResult Failure(string field, string message) => new(ValidationErrors.Of(field, message));

    public IReadOnlyList<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];
}
