using System.Security.Cryptography;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// The unique part of lake file names: 10 Crockford base-32 characters of the Unix time in milliseconds, then 8 random
/// ones (a ULID shape, 18 characters). Names of one dataset therefore sort by time even within one second, which is
/// how the writer finds a dataset's latest manifest, and two writes in the same second never share a name.
/// </summary>
internal static class LakeUnique
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Create(DateTimeOffset at)
    {
        Span<char> text = stackalloc char[18];
        var millis = (ulong)Math.Max(0, at.ToUnixTimeMilliseconds());
        for (var i = 9; i >= 0; i--)
        {
            text[i] = Alphabet[(int)(millis & 31)];
            millis >>= 5;
        }

        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 8; i++)
        {
            text[10 + i] = Alphabet[random[i] & 31];
        }

        return new string(text);
    }
}
