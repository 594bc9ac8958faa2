using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity.Ldap;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Identity;

/// <summary>
/// The one check of a user name and password, for the sign-in page and the password grant of <c>POST /token</c>:
/// a local account with a password first (Identity, with lockout), then the directory when <c>Ldap</c> is set. A
/// directory sign-in creates or updates the local account (no local password) and sets its roles from the
/// directory's groups through <c>Ldap:RoleMap</c>, at every sign-in.
/// </summary>
/// <remarks>
/// A local account that has a password never falls through to the directory, so a directory entry of the same name
/// cannot take it over. Directory sign-ins are recorded in the audit log with method <c>ldap</c>.
/// </remarks>
public sealed partial class PasswordSignIn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    LdapDirectory directory,
    IOptions<LdapOptions> ldapOptions,
    AuditLog audit,
    TimeProvider clock,
    ILogger<PasswordSignIn> logger)
{
    public async Task<PasswordSignInResult> SignInAsync(
        string userName, string password, string? address, PasswordSignInChannel channel, CancellationToken cancellationToken = default)
    {
        var local = await users.FindByNameAsync(userName);
        if (local is not null && await users.HasPasswordAsync(local))
        {
            var checkedLocally = await signIn.CheckPasswordSignInAsync(local, password, lockoutOnFailure: true);
            return checkedLocally switch
            {
                { Succeeded: true } => new(PasswordSignInOutcome.Succeeded, PasswordSignInResult.LocalMethod, local, [.. await users.GetRolesAsync(local)]),
                { IsLockedOut: true } => new(PasswordSignInOutcome.LockedOut, PasswordSignInResult.LocalMethod),
                { IsNotAllowed: true } => new(PasswordSignInOutcome.NotAllowed, PasswordSignInResult.LocalMethod),
                _ => new(PasswordSignInOutcome.InvalidCredentials, PasswordSignInResult.LocalMethod),
            };
        }

        if (!directory.Enabled)
        {
            return new(PasswordSignInOutcome.InvalidCredentials, PasswordSignInResult.LocalMethod);
        }

        // An administrator's lock holds for directory accounts too.
        if (local is not null && await users.IsLockedOutAsync(local))
        {
            return await RecordAsync(new(PasswordSignInOutcome.LockedOut, PasswordSignInResult.LdapMethod), userName, address, channel, "locked");
        }

        var answer = await directory.AuthenticateAsync(userName, password, cancellationToken);
        switch (answer)
        {
            case LdapAuthentication.Unavailable unavailable:
                return await RecordAsync(
                    new(PasswordSignInOutcome.DirectoryUnavailable, PasswordSignInResult.LdapMethod), userName, address, channel,
                    $"directory unavailable: {unavailable.Reason}");
            case LdapAuthentication.Succeeded found:
                var applied = await ApplyAsync(found, cancellationToken);
                return await RecordAsync(applied, found.UserName, address, channel, applied.Outcome switch
                {
                    PasswordSignInOutcome.Succeeded => $"roles: {string.Join(", ", applied.Roles ?? [])}",
                    PasswordSignInOutcome.NotAllowed => "in no group of Ldap:RoleMap",
                    _ => "the directory's name for the user is a local account with a password",
                });
            default:
                return await RecordAsync(
                    new(PasswordSignInOutcome.InvalidCredentials, PasswordSignInResult.LdapMethod), userName, address, channel,
                    "invalid user name or password");
        }
    }

    /// <summary>Creates or updates the local account of a directory user and sets its roles from the directory.</summary>
    private async Task<PasswordSignInResult> ApplyAsync(LdapAuthentication.Succeeded found, CancellationToken cancellationToken)
    {
        var roles = LdapRoleMap.Roles(found.Groups, ldapOptions.Value.RoleMap);
        var user = await users.FindByNameAsync(found.UserName);
        if (user is not null && await users.HasPasswordAsync(user))
        {
            // The directory spells the name differently from what was typed and that spelling is a local account.
            LogLocalNameTaken(logger, found.UserName);
            return new(PasswordSignInOutcome.InvalidCredentials, PasswordSignInResult.LdapMethod);
        }

        if (user is null)
        {
            if (roles.Count == 0)
            {
                return new(PasswordSignInOutcome.NotAllowed, PasswordSignInResult.LdapMethod);
            }

            user = new ApplicationUser
            {
                UserName = found.UserName,
                DisplayName = found.DisplayName,
                Email = found.Email,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                // Two first sign-ins at once: the other one created it.
                user = await users.FindByNameAsync(found.UserName);
                if (user is null || await users.HasPasswordAsync(user))
                {
                    LogAccountNotCreated(logger, found.UserName, string.Join(" ", created.Errors.Select(e => e.Description)));
                    return new(PasswordSignInOutcome.NotAllowed, PasswordSignInResult.LdapMethod);
                }
            }

            LogAccountCreated(logger, found.UserName, found.Dn);
        }
        else if (user.DisplayName != found.DisplayName || user.Email != found.Email)
        {
            user.DisplayName = found.DisplayName;
            user.Email = found.Email;
            Check(await users.UpdateAsync(user), found.UserName);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var current = await users.GetRolesAsync(user);
        var removed = current.Except(roles, StringComparer.Ordinal).ToList();
        var added = roles.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            Check(await users.RemoveFromRolesAsync(user, removed), found.UserName);
        }

        if (added.Count > 0)
        {
            Check(await users.AddToRolesAsync(user, added), found.UserName);
        }

        return roles.Count == 0
            ? new(PasswordSignInOutcome.NotAllowed, PasswordSignInResult.LdapMethod)
            : new(PasswordSignInOutcome.Succeeded, PasswordSignInResult.LdapMethod, user, roles);
    }

    private async Task<PasswordSignInResult> RecordAsync(
        PasswordSignInResult result, string userName, string? address, PasswordSignInChannel channel, string detail)
    {
        var (category, action) = channel == PasswordSignInChannel.Token
            ? (AuditCategories.Token, "grant")
            : (AuditCategories.SignIn, "sign-in");
        var actor = result.Succeeded ? new AuditActor(userName, AuditActorKinds.User, address) : AuditActor.Anonymous(userName, address);
        var outcome = result.Outcome switch
        {
            PasswordSignInOutcome.Succeeded => AuditOutcomes.Success,
            PasswordSignInOutcome.NotAllowed or PasswordSignInOutcome.LockedOut => AuditOutcomes.Denied,
            _ => AuditOutcomes.Failure,
        };
        await audit.RecordAsync(new AuditEntry(category, action, outcome, actor, Target: userName, Detail: detail, Method: PasswordSignInResult.LdapMethod));
        return result;
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The local account of directory user {userName} could not be updated: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local account {UserName} created for directory entry {Dn}")]
    private static partial void LogAccountCreated(ILogger logger, string userName, string dn);

    [LoggerMessage(Level = LogLevel.Error, Message = "The local account of directory user {UserName} could not be created: {Errors}")]
    private static partial void LogAccountNotCreated(ILogger logger, string userName, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory user {UserName} has the name of a local account with a password; sign-in refused")]
    private static partial void LogLocalNameTaken(ILogger logger, string userName);
}
