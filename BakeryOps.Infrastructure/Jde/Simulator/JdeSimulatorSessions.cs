using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// AIS token sessions as the real server keeps them: a token is bound to the device name given at login (or the
/// caller's address), expires after inactivity or its time to live, and is gone after logout. An invalid token is
/// what AIS answers with HTTP 444.
/// </summary>
public sealed class JdeSimulatorSessions(JdeSimulatorAccount account, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public JdeSimulatorAccount Account => account;

    /// <summary>True when the credentials are the account's. Compared in constant time, as a real server would.</summary>
    public bool CheckCredentials(string? userName, string? password) =>
        userName is not null && password is not null
        && string.Equals(userName.Trim(), account.UserName, StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(account.Password));

    /// <summary>Reads <c>Authorization: Basic base64(user:password)</c>; null when the header is absent or malformed.</summary>
    public static (string UserName, string Password)? ParseBasic(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Logs in; returns null for bad credentials (AIS answers 403).</summary>
    public string? Login(string? userName, string? password, string device)
    {
        if (!CheckCredentials(userName, password))
        {
            return null;
        }

        // AIS tokens start with "044"; the rest is opaque.
        var token = "044" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var now = clock.GetUtcNow();
        _sessions[token] = new Session(device, now, now);
        return token;
    }

    /// <summary>Checks a token for a device; <paramref name="touch"/> resets the inactivity timer, as any use does.</summary>
    public bool Validate(string? token, string device, bool touch = true)
    {
        if (token is null || !_sessions.TryGetValue(token, out var session))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (now - session.LastUsed > account.InactivityTimeout || now - session.Created > account.TimeToLive)
        {
            _sessions.TryRemove(token, out _);
            return false;
        }

        if (!string.Equals(session.Device, device, StringComparison.Ordinal))
        {
            return false;
        }

        if (touch)
        {
            _sessions[token] = session with { LastUsed = now };
        }

        return true;
    }

    /// <summary>Ends a session; false when the token was already unknown (AIS answers 444).</summary>
    public bool Logout(string? token) => token is not null && _sessions.TryRemove(token, out _);

    /// <summary>Ends every session, as an AIS restart does: the next call with a token gets 444.</summary>
    public void ExpireAll() => _sessions.Clear();

    public int ActiveCount => _sessions.Count;

    private sealed record Session(string Device, DateTimeOffset Created, DateTimeOffset LastUsed);
}
