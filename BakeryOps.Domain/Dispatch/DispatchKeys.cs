using System.Security.Cryptography;
using System.Text;

namespace BakeryOps.Domain.Dispatch;

/// <summary>
/// The idempotency key of a movement's posting: the first 100 bits of SHA-256 over the facility and movement id, in
/// Crockford base 32 (20 characters; no I, L, O or U, so none is misread). The same movement gives
/// the same key on every node and after every restart, and it fits JD Edwards' 30-character Explanation with room.
/// </summary>
public static class DispatchKeys
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string For(string facilityId, string movementId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(facilityId);
        ArgumentException.ThrowIfNullOrWhiteSpace(movementId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(facilityId + "\n" + movementId), hash);
        var key = new StringBuilder(JdeDispatch.KeyLength);
        var bits = 0;
        var buffer = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && key.Length < JdeDispatch.KeyLength)
            {
                key.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }

            if (key.Length == JdeDispatch.KeyLength)
            {
                break;
            }
        }

        return key.ToString();
    }

    /// <summary>The key in a ledger row's Explanation (TREX), when the row is one of the bakery's postings.</summary>
    public static string? FromExplanation(string? explanation)
    {
        var trimmed = explanation?.Trim();
        if (trimmed is null || !trimmed.StartsWith(JdeDispatch.ExplanationPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = trimmed[JdeDispatch.ExplanationPrefix.Length..].Trim();
        return IsKey(key) ? key : null;
    }

    /// <summary>True for a string a key could be: its length, in the key's alphabet (upper case).</summary>
    public static bool IsKey(string? value) =>
        value is { Length: JdeDispatch.KeyLength } && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
