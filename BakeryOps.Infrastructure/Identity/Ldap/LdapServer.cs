namespace BakeryOps.Infrastructure.Identity.Ldap;

/// <summary>One directory server of <c>Ldap:Url</c>: host, port and how TLS is set up.</summary>
public sealed record LdapServer(string Host, int Port, LdapTlsMode TlsMode)
{
    public override string ToString() => $"{(TlsMode == LdapTlsMode.Ldaps ? "ldaps" : "ldap")}://{Host}:{Port}";

    /// <summary>Parses space- or comma-separated URLs; the error says what is wrong without repeating the setting's name.</summary>
    public static (IReadOnlyList<LdapServer> Servers, string? Error) ParseAll(string? urls)
    {
        var servers = new List<LdapServer>();
        foreach (var text in (urls ?? "").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("ldap" or "ldaps") || uri.Host.Length == 0)
            {
                return ([], $"must hold ldaps://host[:port] or ldap://host[:port] URLs; \"{text}\" is not one.");
            }

            if (uri.AbsolutePath.Trim('/').Length > 0 || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                return ([], $"takes URLs with only a host and a port; \"{text}\" holds more (set the base DN in Ldap:BaseDn).");
            }

            var tls = uri.Scheme == "ldaps" ? LdapTlsMode.Ldaps : LdapTlsMode.StartTls;
            var port = uri.IsDefaultPort || uri.Port < 0 ? (tls == LdapTlsMode.Ldaps ? 636 : 389) : uri.Port;
            // Host keeps an IPv6 address's brackets, which the URL libldap is given needs.
            servers.Add(new LdapServer(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost, port, tls));
        }

        return servers.Count == 0 ? ([], "holds no URL.") : (servers, null);
    }
}
