using System.Security.Cryptography;
using System.Text;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Portal.Identity;

/// <summary>Reads and validates <see cref="JwtOptions"/> at start.</summary>
public static class JwtSettings
{
    public const string LegacySecretVariable = "SECRET_KEY";
    public const string LegacyAlgorithmVariable = "ALGORITHM";
    public const string LegacyExpiryVariable = "ACCESS_TOKEN_EXPIRE_MINUTES";

    // Values published in examples; a site that copied one has no secret at all.
    private static readonly string[] ExampleSecrets =
    [
        "your-secret-key-change-this-in-production",
        "change-me-to-a-random-secret-of-at-least-32-bytes",
    ];

    /// <summary>
    /// Outside Development a missing, example or short key stops start-up. In Development a missing key is
    /// generated once and kept in the data directory so tokens survive a restart.
    /// </summary>
    public static JwtOptions Resolve(IConfiguration configuration, DataDirectory dataDirectory, bool isDevelopment)
    {
        var options = new JwtOptions();
        var section = configuration.GetSection(JwtOptions.SectionName);
        var errors = new List<string>();

        options.Issuer = section[nameof(JwtOptions.Issuer)] is { Length: > 0 } issuer ? issuer : options.Issuer;
        options.Audience = section[nameof(JwtOptions.Audience)] is { Length: > 0 } audience ? audience : options.Audience;

        var (algorithm, algorithmKey) = Pick(configuration, section, LegacyAlgorithmVariable, nameof(JwtOptions.Algorithm));
        if (algorithm is not null)
        {
            var normalised = algorithm.Trim().ToUpperInvariant();
            if (normalised is SecurityAlgorithms.HmacSha256 or SecurityAlgorithms.HmacSha384 or SecurityAlgorithms.HmacSha512)
            {
                options.Algorithm = normalised;
            }
            else
            {
                errors.Add($"{algorithmKey} must be HS256, HS384 or HS512 (found '{algorithm}').");
            }
        }

        var (minutes, minutesKey) = Pick(configuration, section, LegacyExpiryVariable, nameof(JwtOptions.AccessTokenMinutes));
        if (minutes is not null)
        {
            if (int.TryParse(minutes, out var parsed) && parsed is >= 1 and <= 1440)
            {
                options.AccessTokenMinutes = parsed;
            }
            else
            {
                errors.Add($"{minutesKey} must be a whole number of minutes from 1 to 1440 (found '{minutes}').");
            }
        }

        options.RefreshTokenSlidingDays = Whole(section, nameof(JwtOptions.RefreshTokenSlidingDays), options.RefreshTokenSlidingDays, 1, 365, "days", errors);
        options.RefreshTokenAbsoluteDays = Whole(section, nameof(JwtOptions.RefreshTokenAbsoluteDays), options.RefreshTokenAbsoluteDays, 1, 365, "days", errors);
        options.RevocationCheckSeconds = Whole(section, nameof(JwtOptions.RevocationCheckSeconds), options.RevocationCheckSeconds, 1, 3600, "seconds", errors);
        if (options.RefreshTokenAbsoluteDays < options.RefreshTokenSlidingDays)
        {
            errors.Add($"{JwtOptions.SectionName}:{nameof(JwtOptions.RefreshTokenAbsoluteDays)} ({options.RefreshTokenAbsoluteDays}) must be at least " +
                       $"{JwtOptions.SectionName}:{nameof(JwtOptions.RefreshTokenSlidingDays)} ({options.RefreshTokenSlidingDays}).");
        }

        var (key, keyName) = Pick(configuration, section, LegacySecretVariable, nameof(JwtOptions.SigningKey));
        var minimumBytes = int.Parse(options.Algorithm.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture) / 8;
        if (string.IsNullOrWhiteSpace(key))
        {
            if (isDevelopment)
            {
                key = LoadOrCreateDevelopmentKey(dataDirectory);
            }
            else
            {
                errors.Add($"{keyName} is required outside Development (or set {LegacySecretVariable}): a random secret of at least {minimumBytes} bytes.");
            }
        }
        else if (!isDevelopment && IsExample(key))
        {
            errors.Add($"{keyName} is an example value; set a random secret of at least {minimumBytes} bytes.");
        }

        if (!string.IsNullOrWhiteSpace(key) && Encoding.UTF8.GetByteCount(key) < minimumBytes)
        {
            errors.Add($"{keyName} is too short for {options.Algorithm}: it needs at least {minimumBytes} bytes.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(JwtOptions.SectionName, typeof(JwtOptions), errors);
        }

        options.SigningKey = key!;
        return options;
    }

    private static int Whole(IConfiguration section, string name, int fallback, int min, int max, string unit, List<string> errors)
    {
        var value = section[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors.Add($"{JwtOptions.SectionName}:{name} must be a whole number of {unit} from {min} to {max} (found '{value}').");
        return fallback;
    }

    private static bool IsExample(string key) =>
        ExampleSecrets.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase)
        || key.Contains("change-this", StringComparison.OrdinalIgnoreCase)
        || key.Contains("change-me", StringComparison.OrdinalIgnoreCase);

    private static (string? Value, string Key) Pick(IConfiguration configuration, IConfiguration section, string legacy, string name)
    {
        if (configuration[legacy] is { Length: > 0 } value)
        {
            return (value, legacy);
        }

        return (section[name], $"{JwtOptions.SectionName}:{name}");
    }

    private static string LoadOrCreateDevelopmentKey(DataDirectory dataDirectory)
    {
        var path = dataDirectory.Combine("keys", "jwt-signing-key.txt");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        File.WriteAllText(path, key);
        return key;
    }
}
