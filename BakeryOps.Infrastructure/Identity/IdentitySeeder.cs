using System.Security.Cryptography;
using BakeryOps.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Identity;

/// <summary>Creates the roles and, once, the bootstrap administrator.</summary>
public sealed partial class IdentitySeeder(
    RoleManager<IdentityRole> roles,
    UserManager<ApplicationUser> users,
    IOptions<BootstrapAdminOptions> admin,
    TimeProvider clock,
    ILogger<IdentitySeeder> logger)
{
    /// <summary>Writes a line the operator must see once; the password never goes to the log sinks.</summary>
    public Action<string> WriteToConsole { get; set; } = Console.WriteLine;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role))
            {
                ThrowOnFailure(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var userName = admin.Value.UserName;
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }

        var generated = string.IsNullOrEmpty(admin.Value.Password);
        var password = generated ? GeneratePassword() : admin.Value.Password!;
        var user = new ApplicationUser { UserName = userName, DisplayName = "Administrator", CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                $"{BootstrapAdminOptions.PasswordVariable} is not accepted by the password policy: "
                + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        ThrowOnFailure(await users.AddToRoleAsync(user, Roles.Admin), $"add {userName} to {Roles.Admin}");
        LogAdminCreated(logger, userName, generated ? "a generated password printed to the console" : BootstrapAdminOptions.PasswordVariable);
        if (generated)
        {
            WriteToConsole($"""

                ============================================================
                 BakeryOps bootstrap administrator created (shown only once)
                   user name: {userName}
                   password:  {password}
                 Sign in and change it, or set {BootstrapAdminOptions.PasswordVariable} before the first start.
                ============================================================

                """);
        }
    }

    // 20 characters from every class the default password policy asks for, shuffled.
    private static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%^*-_=+";
        const string all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 20)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return new string(array);
    }

    private static void ThrowOnFailure(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {action}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap administrator {UserName} created with {PasswordSource}")]
    private static partial void LogAdminCreated(ILogger logger, string userName, string passwordSource);
}
