namespace BakeryOps.Infrastructure.Identity;

public enum PasswordSignInOutcome
{
    Succeeded,

    /// <summary>Unknown user or wrong password, locally or in the directory: the caller must not say which.</summary>
    InvalidCredentials,

    LockedOut,

    /// <summary>The password is right but the account may not sign in (a directory user in no mapped group).</summary>
    NotAllowed,

    /// <summary>The name is not a local account with a password and no directory server answered.</summary>
    DirectoryUnavailable,
}

/// <summary>Where the password was typed: the sign-in page or the password grant of <c>POST /token</c>.</summary>
public enum PasswordSignInChannel
{
    Page,
    Token,
}

/// <summary>How a password sign-in ended; on success the account and its roles after this sign-in.</summary>
public sealed record PasswordSignInResult(
    PasswordSignInOutcome Outcome,
    string Method,
    ApplicationUser? User = null,
    IReadOnlyList<string>? Roles = null)
{
    /// <summary>What the sign-in page and <c>POST /token</c> say when no directory server answered.</summary>
    public const string DirectoryUnavailableMessage =
        "The directory server cannot be reached, so directory accounts cannot sign in right now (local accounts still can). "
        + "Try again in a few minutes, or tell your administrator if it persists.";

    public const string LocalMethod = "local";
    public const string LdapMethod = "ldap";

    public bool Succeeded => Outcome == PasswordSignInOutcome.Succeeded;
}
