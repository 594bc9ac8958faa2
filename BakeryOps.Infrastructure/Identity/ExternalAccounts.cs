using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Identity;

/// <summary>
/// A person an outside directory vouched for: the provider's stable key for them (never their changeable name),
/// the user name and display name to show, and the portal roles the directory's groups or app roles map to.
/// </summary>
public sealed record ExternalIdentity(
    string Provider,
    string ProviderKey,
    string ProviderDisplayName,
    string UserName,
    string? DisplayName,
    IReadOnlyCollection<string> Roles);

public enum ExternalSignInRefusal
{
    None,

    /// <summary>None of the person's groups or app roles maps to a portal role.</summary>
    NoRole,

    /// <summary>The linked local account is locked by an administrator or by failed sign-ins.</summary>
    LockedOut,

    /// <summary>The account could not be created or linked (a name clash with another login of the same provider).</summary>
    NotLinked,
}

public sealed record ExternalSignInResult(ApplicationUser? User, ExternalSignInRefusal Refusal, string? Detail = null)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// The local account behind an external sign-in (AspNetUserLogins): found by the provider's key, else linked to the
/// account of the same user name, else created without a password. The directory is the source of roles: each
/// sign-in replaces the account's roles with the mapped ones, so a role taken away there is gone here at the next
/// sign-in.
/// </summary>
/// <remarks>Used from a request scope (the sign-in callback), never from a circuit.</remarks>
public sealed partial class ExternalAccounts(
    UserManager<ApplicationUser> users,
    BakeryOpsDbContext db,
    TimeProvider clock,
    ILogger<ExternalAccounts> logger)
{
    public async Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var roles = identity.Roles.Where(r => Roles.All.Contains(r)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var user = await users.FindByLoginAsync(identity.Provider, identity.ProviderKey);

        // No role: refused before anything is created, so a directory member without access leaves no account behind.
        if (roles.Count == 0)
        {
            if (user is not null)
            {
                await SetRolesAsync(user, roles);
            }

            return new ExternalSignInResult(null, ExternalSignInRefusal.NoRole, "no group or app role maps to a portal role");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (user is null)
        {
            var linked = await LinkOrCreateAsync(identity);
            if (!linked.Succeeded)
            {
                return linked;
            }

            user = linked.User!;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return new ExternalSignInResult(null, ExternalSignInRefusal.LockedOut, "the account is locked");
        }

        if (!string.IsNullOrWhiteSpace(identity.DisplayName) && user.DisplayName != identity.DisplayName)
        {
            user.DisplayName = identity.DisplayName;
            Check(await users.UpdateAsync(user), "update the display name");
        }

        await SetRolesAsync(user, roles);
        await transaction.CommitAsync(cancellationToken);
        return new ExternalSignInResult(user, ExternalSignInRefusal.None);
    }

    private async Task<ExternalSignInResult> LinkOrCreateAsync(ExternalIdentity identity)
    {
        var login = new UserLoginInfo(identity.Provider, identity.ProviderKey, identity.ProviderDisplayName);
        var user = await users.FindByNameAsync(identity.UserName);
        if (user is null)
        {
            user = new ApplicationUser { UserName = identity.UserName, DisplayName = identity.DisplayName, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return new ExternalSignInResult(null, ExternalSignInRefusal.NotLinked, Describe(created));
            }

            LogCreated(logger, identity.UserName, identity.Provider);
        }
        else if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == identity.Provider))
        {
            // The name is already linked to another person of the same directory (a re-used user name).
            return new ExternalSignInResult(null, ExternalSignInRefusal.NotLinked, $"{identity.UserName} is linked to another {identity.ProviderDisplayName} account");
        }
        else
        {
            LogLinked(logger, identity.UserName, identity.Provider);
        }

        var added = await users.AddLoginAsync(user, login);
        return added.Succeeded
            ? new ExternalSignInResult(user, ExternalSignInRefusal.None)
            : new ExternalSignInResult(null, ExternalSignInRefusal.NotLinked, Describe(added));
    }

    private async Task SetRolesAsync(ApplicationUser user, IReadOnlyCollection<string> wanted)
    {
        var current = await users.GetRolesAsync(user);
        var removed = current.Except(wanted, StringComparer.Ordinal).ToList();
        var added = wanted.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count == 0 && added.Count == 0)
        {
            return;
        }

        Check(await users.RemoveFromRolesAsync(user, removed), "remove roles");
        Check(await users.AddToRolesAsync(user, added), "add roles");
        // A new stamp makes the account's other open cookies pick up the change at their next validation.
        Check(await users.UpdateSecurityStampAsync(user), "update the security stamp");
        LogRolesApplied(logger, user.UserName ?? "", string.Join(", ", wanted), string.Join(", ", removed));
    }

    private static void Check(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {action}: {Describe(result)}");
        }
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserName} created at first sign-in through {LoginProvider}")]
    private static partial void LogCreated(ILogger logger, string userName, string loginProvider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserName} linked to {LoginProvider} at sign-in")]
    private static partial void LogLinked(ILogger logger, string userName, string loginProvider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Roles of {UserName} set from the directory to {Roles} (removed: {RemovedRoles})")]
    private static partial void LogRolesApplied(ILogger logger, string userName, string roles, string removedRoles);
}
