using System.Text;

namespace BakeryOps.Infrastructure.Identity.Ldap;

/// <summary>Turns a directory user's groups into portal roles through <c>Ldap:RoleMap</c>.</summary>
public static class LdapRoleMap
{
    /// <summary>
    /// The roles of every mapped group the user is in, ordered. A map key matches a group by its whole DN
    /// (case and spaces around <c>,</c> and <c>=</c> ignored) or by the value of its first RDN.
    /// </summary>
    public static IReadOnlyList<string> Roles(IEnumerable<string> groupDns, IReadOnlyDictionary<string, string[]> map)
    {
        var byKey = map.ToDictionary(e => Normalize(e.Key), e => e.Value, StringComparer.OrdinalIgnoreCase);
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dn in groupDns)
        {
            if (byKey.TryGetValue(Normalize(dn), out var byDn))
            {
                roles.UnionWith(byDn);
            }

            if (FirstRdnValue(dn) is { } name && byKey.TryGetValue(name, out var byName))
            {
                roles.UnionWith(byName);
            }
        }

        return [.. roles];
    }

    /// <summary><c>cn=Planners,ou=groups,…</c> → <c>Planners</c>; null when the text is not a DN.</summary>
    public static string? FirstRdnValue(string dn)
    {
        var equals = dn.IndexOf('=', StringComparison.Ordinal);
        if (equals < 1)
        {
            return null;
        }

        // The RDN ends at the first comma or plus that is not escaped with a backslash.
        var value = new StringBuilder();
        for (var i = equals + 1; i < dn.Length; i++)
        {
            if (dn[i] == '\\' && i + 1 < dn.Length)
            {
                value.Append(dn[++i]);
            }
            else if (dn[i] is ',' or '+')
            {
                break;
            }
            else
            {
                value.Append(dn[i]);
            }
        }

        return value.ToString().Trim();
    }

    private static string Normalize(string dn)
    {
        var text = new StringBuilder(dn.Length);
        foreach (var part in dn.Split(','))
        {
            var pair = part.Split('=', 2);
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(pair[0].Trim());
            if (pair.Length == 2)
            {
                text.Append('=').Append(pair[1].Trim());
            }
        }

        return text.ToString();
    }
}
