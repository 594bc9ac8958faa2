namespace BakeryOps.Infrastructure.Identity.Ldap;

/// <summary>What the directory said about a user name and password.</summary>
public abstract record LdapAuthentication
{
    private LdapAuthentication()
    {
    }

    /// <summary>The password is right: the user's entry, the name as the directory spells it and the groups' DNs.</summary>
    public sealed record Succeeded(string Dn, string UserName, string? DisplayName, string? Email, IReadOnlyList<string> Groups)
        : LdapAuthentication;

    /// <summary>No such user, more than one, or a wrong password: the caller cannot tell which.</summary>
    public sealed record InvalidCredentials : LdapAuthentication;

    /// <summary>No server answered, TLS failed (an untrusted certificate) or the search account was refused.</summary>
    public sealed record Unavailable(string Reason) : LdapAuthentication;
}
