using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BakeryOps.Domain.Identity;

namespace BakeryOps.Infrastructure.Identity.Ldap;

/// <summary>
/// Sign-in against an LDAP directory or Active Directory, section <c>Ldap</c>. Off while <see cref="Url"/> is empty.
/// The earlier system's <c>LDAP_SERVER</c>, <c>LDAP_BASE_DN</c> and <c>LDAP_USER_DN</c> map onto
/// <see cref="Url"/>, <see cref="BaseDn"/> and <see cref="UserSearchBase"/>.
/// </summary>
/// <remarks>
/// Every connection is encrypted and the server's certificate is always checked (chain and host name): there is
/// no plain-text mode and no setting that turns the checks off. <c>ldaps://</c> URLs use LDAPS, <c>ldap://</c> URLs
/// StartTLS.
/// </remarks>
public sealed class LdapOptions
{
    public const string SectionName = "Ldap";

    /// <summary>One or more server URLs (<c>ldaps://host:636</c> or <c>ldap://host:389</c>), space- or comma-separated, tried in order.</summary>
    public string? Url { get; set; }

    /// <summary>Optional: <c>Ldaps</c> or <c>StartTls</c>; when set, every URL's scheme must agree with it.</summary>
    public LdapTlsMode? TlsMode { get; set; }

    /// <summary>Root of the directory, e.g. <c>dc=example,dc=com</c>.</summary>
    public string? BaseDn { get; set; }

    /// <summary>Where users are searched (subtree); <see cref="BaseDn"/> when empty.</summary>
    public string? UserSearchBase { get; set; }

    /// <summary>The account that searches for users; an anonymous search when empty.</summary>
    public string? BindDn { get; set; }

    public string? BindPassword { get; set; }

    /// <summary>The attribute that holds the name people type: <c>uid</c> (OpenLDAP) or <c>sAMAccountName</c> (AD).</summary>
    public string UserAttribute { get; set; } = "uid";

    /// <summary>Narrows the user search, combined with the name: <c>(&amp;{UserFilter}({UserAttribute}={name}))</c>.</summary>
    public string UserFilter { get; set; } = "(objectClass=person)";

    /// <summary>The attribute on the user's entry that lists the groups' DNs (<c>memberOf</c>); none when empty.</summary>
    public string? GroupAttribute { get; set; } = "memberOf";

    /// <summary>When set, groups are also searched here (subtree) for entries whose <see cref="GroupMemberAttribute"/> holds the user's DN.</summary>
    public string? GroupSearchBase { get; set; }

    public string GroupFilter { get; set; } = "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))";

    public string GroupMemberAttribute { get; set; } = "member";

    /// <summary>
    /// A group's DN or its name (the value of its first RDN, e.g. <c>cn=planners,…</c> → <c>planners</c>) → portal roles.
    /// A directory user in none of these groups cannot sign in.
    /// </summary>
    public Dictionary<string, string[]> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A PEM file with the CA certificate of a private CA that signed the server's certificate.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>How long to wait for a server to accept the connection and finish the TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one search or bind may take.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The parsed <see cref="Url"/>; valid only after <see cref="Validate"/> passed.</summary>
    public IReadOnlyList<LdapServer> Servers => LdapServer.ParseAll(Url).Servers;

    public string EffectiveUserSearchBase => string.IsNullOrWhiteSpace(UserSearchBase) ? BaseDn! : UserSearchBase!;

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(BaseDn) || !string.IsNullOrWhiteSpace(UserSearchBase) || RoleMap.Count > 0)
            {
                yield return "Ldap:Url (LDAP_SERVER) is required when other Ldap settings are given.";
            }

            yield break;
        }

        var (servers, error) = LdapServer.ParseAll(Url);
        if (error is not null)
        {
            yield return $"Ldap:Url (LDAP_SERVER) {error}";
        }
        else if (TlsMode is { } mode && servers.Any(s => s.TlsMode != mode))
        {
            yield return $"Ldap:TlsMode is {mode} but Ldap:Url holds a URL of the other scheme (ldaps:// is Ldaps, ldap:// is StartTls).";
        }

        if (TlsMode is { } declared && !Enum.IsDefined(declared))
        {
            yield return "Ldap:TlsMode must be Ldaps or StartTls.";
        }

        if (string.IsNullOrWhiteSpace(BaseDn))
        {
            yield return "Ldap:BaseDn (LDAP_BASE_DN) is required when Ldap:Url is set.";
        }

        if (string.IsNullOrWhiteSpace(BindDn) != string.IsNullOrEmpty(BindPassword))
        {
            yield return "Ldap:BindDn and Ldap:BindPassword go together: set both for a search account, or neither for an anonymous search.";
        }

        if (!IsAttributeName(UserAttribute))
        {
            yield return "Ldap:UserAttribute must be an attribute name such as uid or sAMAccountName.";
        }

        if (!IsParenthesised(UserFilter))
        {
            yield return "Ldap:UserFilter must be an LDAP filter in parentheses, e.g. (objectClass=person).";
        }

        if (!string.IsNullOrWhiteSpace(GroupAttribute) && !IsAttributeName(GroupAttribute))
        {
            yield return "Ldap:GroupAttribute must be an attribute name such as memberOf, or empty.";
        }

        if (!string.IsNullOrWhiteSpace(GroupSearchBase))
        {
            if (!IsParenthesised(GroupFilter))
            {
                yield return "Ldap:GroupFilter must be an LDAP filter in parentheses.";
            }

            if (!IsAttributeName(GroupMemberAttribute))
            {
                yield return "Ldap:GroupMemberAttribute must be an attribute name such as member or uniqueMember.";
            }
        }

        if (string.IsNullOrWhiteSpace(GroupAttribute) && string.IsNullOrWhiteSpace(GroupSearchBase))
        {
            yield return "Ldap:GroupAttribute or Ldap:GroupSearchBase must be set: roles come from group membership.";
        }

        if (RoleMap.Count == 0)
        {
            yield return "Ldap:RoleMap must map at least one group to portal roles; a directory user in no mapped group cannot sign in.";
        }

        foreach (var (group, roles) in RoleMap)
        {
            var unknown = (roles ?? []).Where(r => !Roles.All.Contains(r, StringComparer.Ordinal)).ToList();
            if ((roles ?? []).Length == 0 || unknown.Count > 0)
            {
                yield return $"Ldap:RoleMap:{group} must list portal roles ({string.Join(", ", Roles.All)})"
                             + (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}." : ".");
            }
        }

        if (!string.IsNullOrWhiteSpace(CaCertificatePath) && CaCertificateError(CaCertificatePath) is { } caError)
        {
            yield return $"Ldap:CaCertificatePath {caError}";
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(2))
        {
            yield return "Ldap:ConnectTimeout must be more than zero and at most 00:02:00.";
        }

        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout > TimeSpan.FromMinutes(2))
        {
            yield return "Ldap:OperationTimeout must be more than zero and at most 00:02:00.";
        }
    }

    private static bool IsAttributeName(string? name) =>
        !string.IsNullOrEmpty(name) && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsParenthesised(string? filter) =>
        filter is { Length: > 2 } f && f[0] == '(' && f[^1] == ')' && f.Count(c => c == '(') == f.Count(c => c == ')');

    private static string? CaCertificateError(string path)
    {
        if (!File.Exists(path))
        {
            return $"names no file ({path}).";
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            return null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return $"({path}) is not a readable PEM certificate: {e.Message}";
        }
    }
}

public enum LdapTlsMode
{
    /// <summary>TLS from the first byte (<c>ldaps://</c>, port 636 by default).</summary>
    Ldaps,

    /// <summary>A plain connection upgraded with the StartTLS operation before anything else is sent (<c>ldap://</c>, port 389).</summary>
    StartTls,
}
