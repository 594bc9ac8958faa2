using System.Text;
using System.Text.Json;

namespace BakeryOps.Tests.Portal.Endpoints;

/// <summary>The values sent into each slot, one at a time, and how they are written in a URL, a JSON body and a header.</summary>
internal static class HostileValues
{
    public static readonly IReadOnlyList<string> Strings =
    [
        "\0", "a\0b", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\t\r\n", new string('x', 5000), "' OR 1=1 --", "../../../etc/passwd",
        "%00", "<script>alert(1)</script>", "１２３", " ", "",
    ];

    /// <summary>
    /// Escaped exactly once; the last three are escapes no string produces: invalid UTF-8 (which ASP.NET Core reads as
    /// replacement characters, so it may be accepted) and an encoded NUL.
    /// </summary>
    public static readonly IReadOnlyList<(string Label, string Escaped, bool Refused)> InUrl =
    [
        .. Strings.Select(s => (Quote(s), Uri.EscapeDataString(s), BreaksTheTextRule(s))),
        ("raw %ED%A0%80", "%ED%A0%80", false),
        ("raw %FF", "%FF", false),
        ("raw %00", "%00", true),
    ];

    /// <summary>For endpoints that read no query parameters: enough to show a stray parameter is ignored.</summary>
    public static readonly IReadOnlyList<(string Label, string Escaped, bool Refused)> InUrlForStrayParameters =
        [.. InUrl.Where(v => v.Label is "\"\\0\"" or "\"a\\0b\"" || v.Label.StartsWith("raw ", StringComparison.Ordinal) || v.Escaped.Length > 1000)];

    /// <summary>JSON tokens, written into the raw body text: the strings, and what only JSON can carry.</summary>
    public static readonly IReadOnlyList<(string Label, byte[] Token, bool Refused)> InJson =
    [
        .. Strings.Select(s => (Quote(s), JsonSerializer.SerializeToUtf8Bytes(s), BreaksTheTextRule(s))),
        ("\"\\ud800\"", "\"\\ud800\""u8.ToArray(), true),
        .. new[] { "1e400", "-1e400", "99999999999999999999999999999999", "-0", "1.5", "\"NaN\"", "\"Infinity\"", "true", "{}", "[]" }
            .Select(token => (token, Encoding.UTF8.GetBytes(token), false)),
        ("<invalid UTF-8 bytes FF FE in a string>", [(byte)'"', 0xFF, 0xFE, (byte)'"'], true),
    ];

    /// <summary>NUL, CR and LF cannot be sent in a header at all (the client refuses them and HTTP has no escape for them).</summary>
    public static readonly IReadOnlyList<(string Label, string Value, bool Refused)> InHeaders =
        [.. Strings.Where(s => !s.Any(c => c is '\0' or '\r' or '\n')).Select(s => (Quote(s), s, BreaksTheTextRule(s)))];

    public static readonly IReadOnlyList<(string Label, byte[] Body, string ContentType, bool Refused)> MalformedBodies =
    [
        ("<truncated JSON>", "{\"a\":"u8.ToArray(), "application/json", false),
        ("<JSON nested 10,000 deep>", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000)), "application/json", false),
        ("<empty body>", [], "application/json", false),
        ("null", "null"u8.ToArray(), "application/json", false),
        ("<a bare string>", "\"text\""u8.ToArray(), "application/json", false),
        ("<an array instead of an object>", "[1,2]"u8.ToArray(), "application/json", false),
        ("<text/plain>", "productName=x"u8.ToArray(), "text/plain", false),
        ("<invalid UTF-8 bytes FF FE in a JSON string>", [.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\"}"u8], "application/json", true),
        ("<form with a NUL>", "a=x%00y&username=a%00b"u8.ToArray(), "application/x-www-form-urlencoded", true),
    ];

    /// <summary>
    /// The input rule (docs/decisions/0015): no control character but tab, CR and LF, no unpaired surrogate. A value
    /// that breaks it must be refused on every provider, so that SQLite, which would store a NUL, is held to what
    /// PostgreSQL enforces.
    /// </summary>
    public static bool BreaksTheTextRule(string value) =>
        value.Any(c => (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || char.IsSurrogate(c));

    public static string Quote(string value) => "\"" + Printable(value, 40) + "\"";

    /// <summary>Control characters, lone surrogates and long runs made readable, so a failure line says what was sent.</summary>
    public static string Printable(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            text.Append(c switch
            {
                '\0' => "\\0",
                '\t' => "\\t",
                '\r' => "\\r",
                '\n' => "\\n",
                '\\' => "\\\\",
                '"' => "\\\"",
                _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return value.Length > max ? $"{text}… ({value.Length} chars)" : text.ToString();
    }
}

