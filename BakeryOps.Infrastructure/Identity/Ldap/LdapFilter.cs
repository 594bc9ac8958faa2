using System.Globalization;
using System.Text;

namespace BakeryOps.Infrastructure.Identity.Ldap;

/// <summary>Search filters built from what a person typed (RFC 4515).</summary>
public static class LdapFilter
{
    /// <summary>
    /// Escapes a value for an equality assertion: <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL become <c>\2a</c>,
    /// <c>\28</c>, <c>\29</c>, <c>\5c</c> and <c>\00</c>, so the value can never add a wildcard or another filter.
    /// Characters beyond ASCII are escaped byte by byte in UTF-8, which every server reads the same way.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '*' or '(' or ')' or '\\' or '\0' || c < 0x20 || c == 0x7f)
            {
                escaped.Append('\\').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (c < 0x80)
            {
                escaped.Append(c);
            }
            else
            {
                // A surrogate pair is one code point; a lone surrogate is encoded as U+FFFD.
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                    ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
                foreach (var b in utf8[..length])
                {
                    escaped.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }
            }
        }

        return escaped.ToString();
    }

    /// <summary><c>(&amp;{baseFilter}({attribute}={escaped value}))</c>.</summary>
    public static string Equality(string baseFilter, string attribute, string value) =>
        $"(&{baseFilter}({attribute}={Escape(value)}))";
}
