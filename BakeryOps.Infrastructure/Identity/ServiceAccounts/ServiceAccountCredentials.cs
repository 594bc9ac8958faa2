using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BakeryOps.Infrastructure.Identity.ServiceAccounts;

/// <summary>Makes client ids and secrets, and compares a presented secret with a stored hash.</summary>
internal static class ServiceAccountCredentials
{
    public const string ClientIdPrefix = "svc_";

    // 96 bits: ids are not secret, they only must not collide or be guessed from one another.
    public static string NewClientId() => ClientIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>256 random bits as base64url (43 characters), safe in a form field, a header and a shell variable.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Lower-case hex SHA-256. A secret of 256 random bits cannot be guessed from its hash, so a slow password hash would
    /// only cost time on every token request.
    /// </summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares in constant time, so the answer's timing tells nothing of how much of a hash matched.</summary>
    public static bool Matches(string presentedHash, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presentedHash), Encoding.ASCII.GetBytes(storedHash));
}
